module frontdoor

go 1.26.8

require (
	github.com/AlekSi/pointer v1.0.0 // indirect
	github.com/agnivade/levenshtein v1.2.2 // indirect
	github.com/go-co-op/gocron/v2 v2.21.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/jonboulle/clockwork v0.5.0 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	github.com/olebedev/when v1.1.0 // indirect
	github.com/pkg/errors v0.8.1 // indirect
	github.com/robfig/cron/v3 v3.0.1 // indirect
	github.com/slack-go/slack v0.35.0 // indirect
)
