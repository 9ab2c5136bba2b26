// Package deliverytest tests the delivery of the weekly digest and the
// daily reminders end to end: the gocron schedule under a fake clock, the
// claims in a real SQLite database under t.TempDir(), and Slack faked by
// slacktest. It holds tests only. They live outside package bot so that the
// fuzz targets there never link SQLite (instrumenting it costs over a
// minute a run).
package deliverytest
