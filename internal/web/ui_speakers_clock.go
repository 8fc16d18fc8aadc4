package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/speakers"
)

// displayQueue is how many waiting speakers the room display lists when it
// is drawn without its script, which fits the rest into the screen: a
// queue longer than that ends "+N more".
const displayQueue = 12

// The states of a speaker's clock. The page draws the one of the moment;
// its script moves the clock on from there (and tells screen readers, at
// the warning and at the end only).
const (
	clockFree    = "free"    // no limit: the clock counts up
	clockRunning = "running" // time left
	clockWarning = "warning" // the last WarnBefore seconds
	clockOver    = "over"    // the limit is passed: counts the overrun up
)

// ClockState is the state of e's clock under the list's limit.
func (p speakersPage) ClockState(e speakers.Entry) string {
	limit := p.Board.TimeLimit
	switch {
	case limit <= 0:
		return clockFree
	case e.Elapsed >= limit:
		return clockOver
	case limit-e.Elapsed <= p.Board.WarnBefore:
		return clockWarning
	}
	return clockRunning
}

// ClockValue is what e's clock shows, as mm:ss: the time spoken without a
// limit, the time left under one, and past it the overrun, signed "+".
func (p speakersPage) ClockValue(e speakers.Entry) string {
	switch p.ClockState(e) {
	case clockFree:
		return countdown(e.Elapsed)
	case clockOver:
		return "+" + countdown(e.Elapsed-p.Board.TimeLimit)
	}
	return countdown(p.Board.TimeLimit - e.Elapsed)
}

// ClockLabel says what a clock in state shows ("Time left"…).
func (p speakersPage) ClockLabel(state string) string { return p.T("speakers_time.state." + state) }

// ClockStates are the states a clock may take, for the script's labels.
func (p speakersPage) ClockStates() []string {
	return []string{clockFree, clockRunning, clockWarning, clockOver}
}

// LimitText says the list's limit in words: "Limit: 03:00", "No limit".
func (p speakersPage) LimitText() string {
	if p.Board.TimeLimit <= 0 {
		return p.T("speakers_time.no_limit")
	}
	return p.T("speakers_time.limit", "time", countdown(p.Board.TimeLimit))
}

// TimeLimitValue is the limit form's field: what was typed into a refused
// form, else the list's limit as m:ss ("" when there is none).
func (p speakersPage) TimeLimitValue() string {
	if p.TimeLimitTyped != nil {
		return *p.TimeLimitTyped
	}
	if p.Board.TimeLimit <= 0 {
		return ""
	}
	return fmt.Sprintf("%d:%02d", p.Board.TimeLimit/60, p.Board.TimeLimit%60)
}

// countdown formats seconds as mm:ss, the way room clocks read.
func countdown(sec int64) string { return fmt.Sprintf("%02d:%02d", sec/60, sec%60) }

// landing is the part of the list page an action leads back to (and the
// page focuses): the speaker after giving or ending the floor, the queue
// after asking for it or moving in it, the list's controls otherwise.
func landing(action string) string {
	switch action[strings.LastIndexByte(action, '/')+1:] {
	case "start", "stop":
		return "speakers-now"
	case "request", "withdraw", "move":
		return "speakers-waiting-section"
	}
	return "speakers-head"
}

// timeLimitForm reads the limit form's one field: minutes ("3") or
// minutes and seconds ("1:30"); empty or 0 is no limit.
var timeLimitForm = regexp.MustCompile(`^(\d{1,2})(?::([0-5]\d))?$`)

func parseTimeLimit(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	m := timeLimitForm.FindStringSubmatch(s)
	if m == nil {
		return 0, errTimeLimitForm
	}
	minutes, _ := strconv.ParseInt(m[1], 10, 64)
	seconds, _ := strconv.ParseInt("0"+m[2], 10, 64)
	return minutes*60 + seconds, nil
}

// errTimeLimitForm is the service's refusal, tied to the form's field.
var errTimeLimitForm = errs.Field("time_limit", speakers.ErrTimeLimit.Code, speakers.ErrTimeLimit.Key, speakers.ErrTimeLimit.Args...)

func speakersTimeLimit(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	limit, err := parseTimeLimit(r.PostForm.Get("time_limit"))
	if err != nil {
		return "", err
	}
	err = s.speakers.SetTimeLimit(r.Context(), v, id, limit)
	if errors.Is(err, speakers.ErrTimeLimit) {
		return "", errTimeLimitForm
	}
	return "speakers_time.saved", err
}
