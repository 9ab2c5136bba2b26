// Package command is the service: it handles one command for one person.
// Service.Answer takes a parsed command and a Snapshot (the register's
// index and the day, taken once per request) and runs it: a lookup asks the
// index and hands its answer to the view; an action command checks its text
// and its person, writes through the action store, and replies with the
// record; digest, reminders and the App Home are built here too. New is the
// one way to make a Service.
package command
