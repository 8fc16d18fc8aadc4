package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver for database/sql
)

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL %s is not a valid URL", RedactURL(dsn))
	}
	where := "PostgreSQL " + u.Host + u.Path
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %v", RedactURL(dsn), err)
	}
	pool.SetMaxOpenConns(16)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.PingContext(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot connect to %s: %s", where, oneLine(err.Error()))
	}
	return &DB{dialect: Postgres, writer: pool, reader: pool, where: where}, nil
}

// RedactURL hides the password in a database URL, for logs and config dumps.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return userinfo.ReplaceAllString(s, "//$1:*****@")
	}
	changed := false
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "REDACTED")
			changed = true
		}
	}
	// A password may come in the query alone, with no user before the host.
	if q := u.Query(); q.Has("password") {
		q.Set("password", "REDACTED")
		u.RawQuery = q.Encode()
		changed = true
	}
	if !changed {
		return s
	}
	return strings.Replace(u.String(), "REDACTED", "*****", -1)
}

// oneLine folds a multi-line driver message (pgx puts the reason on the
// second line) into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// userinfo matches the user:password@ part of a URL that net/url cannot parse.
var userinfo = regexp.MustCompile(`//([^:/@]*):[^@/]*@`)
