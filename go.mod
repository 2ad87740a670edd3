module github.com/daihoi/daihoi

go 1.26.0

require (
	github.com/google/uuid v1.6.0
	github.com/gorilla/websocket v1.5.3
	go.etcd.io/bbolt v1.5.0
	golang.org/x/crypto v0.59.0
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.50.0 // indirect
