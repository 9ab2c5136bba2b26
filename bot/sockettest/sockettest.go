// Package sockettest is a fake of Slack's Socket Mode for tests: it answers
// apps.connections.open with the address of its own websocket, greets each
// connection with "hello", sends envelopes and collects their
// acknowledgements, and can drop the connection to test reconnecting. It
// listens on loopback only.
package sockettest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Ack is one acknowledgement the client sent.
type Ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload,omitempty"`
}

// Server is a fake Socket Mode endpoint.
type Server struct {
	srv *httptest.Server

	mu        sync.Mutex
	conn      *websocket.Conn
	opens     int
	conns     int
	openError string

	acks      chan Ack
	connected chan struct{}
	next      int
}

// New starts a server; Close stops it.
func New() *Server {
	s := &Server{acks: make(chan Ack, 1000), connected: make(chan struct{}, 100)}
	mux := http.NewServeMux()
	mux.HandleFunc("/apps.connections.open", s.open)
	mux.HandleFunc("/link", s.link)
	s.srv = httptest.NewServer(mux)
	return s
}

// APIURL is the Web API address to give the Socket Mode client
// (slack.OptionAPIURL).
func (s *Server) APIURL() string { return s.srv.URL + "/" }

// Close drops any connection and stops the server.
func (s *Server) Close() {
	s.DropConnection()
	s.srv.Close()
}

// FailOpen makes apps.connections.open answer with a Slack error code
// ("invalid_auth", "missing_scope"…); "" lets it succeed again.
func (s *Server) FailOpen(code string) {
	s.mu.Lock()
	s.openError = code
	s.mu.Unlock()
}

// Opens counts calls of apps.connections.open; Connections counts websockets accepted.
func (s *Server) Opens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opens
}

// Connections counts websockets accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (s *Server) open(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.opens++
	code := s.openError
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if code != "" {
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": code})
		return
	}
	url := "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/link"
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "url": url})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) link(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	if s.conn != nil {
		s.conn.Close()
	}
	s.conn = conn
	s.conns++
	s.mu.Unlock()
	hello := map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A0FD"}, "debug_info": map[string]any{"host": "sockettest"}}
	if err := s.write(conn, hello); err != nil {
		return
	}
	s.connected <- struct{}{}
	stop := make(chan struct{})
	go s.ping(conn, stop)
	defer close(stop)
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var a Ack
		if json.Unmarshal(data, &a) == nil && a.EnvelopeID != "" {
			s.acks <- a
		}
	}
}

// ping keeps the client's dead-connection timer happy, as Slack does.
func (s *Server) ping(conn *websocket.Conn, stop chan struct{}) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.mu.Lock()
			err := conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

func (s *Server) write(conn *websocket.Conn, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return conn.WriteJSON(v)
}

// WaitConnected waits for the next websocket to be accepted.
func (s *Server) WaitConnected(timeout time.Duration) error {
	select {
	case <-s.connected:
		return nil
	case <-time.After(timeout):
		return errors.New("sockettest: no connection")
	}
}

// DropConnection closes the current websocket, as a network fault would.
func (s *Server) DropConnection() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn != nil {
		s.conn.Close()
		s.conn = nil
	}
}

// Send delivers an envelope of type typ ("slash_commands", "interactive",
// "events_api") with payload and returns its envelope id.
func (s *Server) Send(typ string, payload any, retryAttempt int) (string, error) {
	s.mu.Lock()
	s.next++
	id := fmt.Sprintf("env-%d", s.next)
	conn := s.conn
	s.mu.Unlock()
	if conn == nil {
		return "", errors.New("sockettest: not connected")
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	env := map[string]any{"type": typ, "envelope_id": id, "payload": json.RawMessage(raw),
		"accepts_response_payload": typ != "events_api", "retry_attempt": retryAttempt}
	return id, s.write(conn, env)
}

// NextAck waits for the next acknowledgement.
func (s *Server) NextAck(timeout time.Duration) (Ack, error) {
	select {
	case a := <-s.acks:
		return a, nil
	case <-time.After(timeout):
		return Ack{}, errors.New("sockettest: no acknowledgement")
	}
}

// AckFor waits for the acknowledgement of one envelope, keeping others for later.
func (s *Server) AckFor(id string, timeout time.Duration) (Ack, error) {
	deadline := time.Now().Add(timeout)
	var others []Ack
	defer func() {
		for _, a := range others {
			s.acks <- a
		}
	}()
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return Ack{}, fmt.Errorf("sockettest: no acknowledgement of %s", id)
		}
		a, err := s.NextAck(left)
		if err != nil {
			return Ack{}, fmt.Errorf("sockettest: no acknowledgement of %s", id)
		}
		if a.EnvelopeID == id {
			return a, nil
		}
		others = append(others, a)
	}
}
