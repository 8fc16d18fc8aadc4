package outcome_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// readyText opens a document of three clean paragraphs (PP1, OP1, OP2) and
// issues its zero draft.
func readyText(t *testing.T, f *fixture, title string) (outcome.Document, outcome.Revision) {
	t.Helper()
	d := f.document(t, title)
	f.add(t, d.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")
	f.add(t, d.ID, outcome.Operative, "Calls upon States to respect human rights;")
	f.add(t, d.ID, outcome.Operative, "Decides to meet again in 2026.")
	return d, f.issue(t, d.ID)
}

// inHours is a deadline h hours from now, on the minute.
func inHours(h int) time.Time {
	return time.Now().UTC().Add(time.Duration(h)*time.Hour + time.Minute).Truncate(time.Minute)
}

// putUnderSilence starts a silence of the latest revision through the
// chair, 100 hours long, in Shanghai's time.
func putUnderSilence(t *testing.T, f *fixture, docID int64) outcome.SilenceProcedure {
	t.Helper()
	s, err := f.svc.StartSilence(bg, f.chair, docID, outcome.SilenceInput{Deadline: inHours(100), TimeZone: "Asia/Shanghai"})
	must(t, err)
	return s
}

// elapse moves a running silence's deadline (and its job) to a minute
// ago, as if its hours had passed.
func elapse(t *testing.T, f *fixture, silenceID int64) time.Time {
	t.Helper()
	past := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	must(t, f.db.Write(bg, func(tx *store.Tx) error {
		if _, err := tx.Exec(bg, "UPDATE outcome_silences SET deadline = ? WHERE id = ?", past, silenceID); err != nil {
			return err
		}
		_, err := tx.Exec(bg, "UPDATE deadline_jobs SET due_at = ? WHERE kind = 'outcome.silence' AND ref_id = ?", past, silenceID)
		return err
	}))
	return past
}

func (f *fixture) doc(t *testing.T, id int64) outcome.Document {
	t.Helper()
	d, err := f.svc.Document(bg, f.chair, id)
	must(t, err)
	return d
}

// restarting runs fn on each engine; open opens one more instance of the
// same deployment (the same SQLite folder, the same PostgreSQL schema), as
// a server started later would.
func restarting(t *testing.T, fn func(t *testing.T, open func() *store.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		fn(t, func() *store.DB {
			db, err := store.Open(bg, "", dir)
			must(t, err)
			t.Cleanup(func() { db.Close() })
			_, err = db.Migrate(bg)
			must(t, err)
			return db
		})
	})
	t.Run("postgres", func(t *testing.T) {
		u := storetest.PostgresURL(t)
		fn(t, func() *store.DB { return storetest.Open(t, u) })
	})
}

// A silence nobody breaks, whose deadline passes while no server runs: the
// next server to start adopts the revision, dated at the deadline, not at
// the hour it happened to start.
func TestSilenceDeadlinePassedWhileNoServerRan(t *testing.T) {
	restarting(t, func(t *testing.T, open func() *store.DB) {
		first := open()
		f := setup(t, first, "CHN", "BRA")
		d, zero := readyText(t, f, "Brasília Declaration")
		deadline := inHours(100)
		s, err := f.svc.StartSilence(bg, f.chair, d.ID, outcome.SilenceInput{Deadline: deadline, TimeZone: "Asia/Shanghai"})
		must(t, err)
		if s.State != "running" || !s.Deadline.Equal(deadline) || s.TimeZone != "Asia/Shanghai" || !strings.HasSuffix(s.LocalDeadline, "+08:00") || s.Label != "Zero draft" {
			t.Fatalf("silence: %+v, want running until %s, shown in Shanghai (+08:00), on the zero draft", s, deadline)
		}
		if got := f.doc(t, d.ID).Status; got != "silence" {
			t.Fatalf("document status %q under silence, want silence", got)
		}
		first.Close() // the server stops

		later := open() // another starts after the deadline
		svc := &outcome.Service{DB: later, Dialogue: &dialogue.Service{DB: later}}
		if n, err := svc.RunDeadlines(bg, deadline.Add(-time.Second)); err != nil || n != 0 {
			t.Fatalf("a second before the deadline: %d ran (%v), want none", n, err)
		}
		next, err := svc.NextDeadline(bg)
		must(t, err)
		if !next.Equal(deadline) {
			t.Errorf("next deadline %s, want %s", next, deadline)
		}
		if n, err := svc.RunDeadlines(bg, deadline.Add(5*time.Hour)); err != nil || n != 1 {
			t.Fatalf("five hours after the deadline: %d ran (%v), want 1", n, err)
		}
		got, err := svc.Document(bg, f.chair, d.ID)
		must(t, err)
		if got.Status != "adopted" || got.AdoptionMethod != "silence" || got.AdoptedAt == nil || !got.AdoptedAt.Equal(deadline) ||
			got.AdoptedNumber == nil || *got.AdoptedNumber != 0 || got.AdoptionHash != zero.Hash {
			t.Fatalf("after the deadline: %s by %q at %v (hash %q); want adopted by silence at %s (the zero draft, hash %q)",
				got.Status, got.AdoptionMethod, got.AdoptedAt, got.AdoptionHash, deadline, zero.Hash)
		}
		report, err := svc.SilenceReport(bg, f.chair, d.ID)
		must(t, err)
		if report.Silence.State != "adopted" || report.Silence.EndedAt == nil || !report.Silence.EndedAt.Equal(deadline) || len(report.Paragraphs) != 0 {
			t.Errorf("report: %+v, want adopted, ended at the deadline, no paragraph objected to", report)
		}
		if n, err := svc.RunDeadlines(bg, deadline.Add(6*time.Hour)); err != nil || n != 0 {
			t.Errorf("run again: %d ran (%v), want none", n, err)
		}
		if next, _ := svc.NextDeadline(bg); !next.IsZero() {
			t.Errorf("next deadline %s after the only one ran, want none", next)
		}
	})
}

// Breaking silence: who may, on what, until when; at the deadline the text
// goes back to drafting and the chair's notice lists the paragraphs that
// drew objections, from whom and why.
func TestBreakingSilence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "ARG")
		f.delegation(t, "MEX", false)
		d, _ := readyText(t, f, "Brasília Declaration")
		breakAs := func(code string, in outcome.BreakInput) error {
			_, err := f.svc.BreakSilence(bg, f.delegate[code], d.ID, in)
			return err
		}
		op1 := outcome.BreakInput{Paragraphs: []string{"OP1"}, Reason: "Instructions from the capital."}
		wantErr(t, "before any silence", breakAs("BRA", op1), "not_under_silence", 409)
		s := putUnderSilence(t, f, d.ID)

		_, err := f.svc.BreakSilence(bg, f.chair, d.ID, op1)
		wantErr(t, "the chair", err, "no_delegation", 403)
		wantErr(t, "a delegation not accredited", breakAs("MEX", op1), "not_accredited", 403)
		wantField(t, "no reason", breakAs("BRA", outcome.BreakInput{Paragraphs: []string{"OP1"}, Reason: "  "}), "reason_required", "reason")
		wantField(t, "no paragraph", breakAs("BRA", outcome.BreakInput{Paragraphs: []string{" "}, Reason: "No."}), "paragraphs_required", "paragraphs")
		wantField(t, "a paragraph not in the revision", breakAs("BRA", outcome.BreakInput{Paragraphs: []string{"OP1", "OP9"}, Reason: "No."}), "unknown_paragraph", "paragraph")

		must(t, breakAs("BRA", op1))
		b, err := f.svc.BreakSilence(bg, f.delegate["CHN"], d.ID, outcome.BreakInput{Paragraphs: []string{"OP2", "OP1", "OP2"}, Reason: "The date is too early."})
		must(t, err)
		if b.Delegation != "CHN" || strings.Join(b.Paragraphs, " ") != "OP1 OP2" {
			t.Errorf("CHN's break: %s on %v, want CHN on OP1 OP2 (in the order of the text, once each)", b.Delegation, b.Paragraphs)
		}
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon all States to respect human rights;"})
		wantErr(t, "an edit under silence", err, "under_silence", 409)

		elapse(t, f, s.ID)
		wantErr(t, "after the deadline, before the job ran", breakAs("ARG", op1), "silence_over", 409)
		wantErr(t, "the chair ending it after the deadline", f.svc.EndSilence(bg, f.chair, d.ID), "silence_over", 409)

		if n, err := f.svc.RunDeadlines(bg, time.Now()); err != nil || n != 1 {
			t.Fatalf("deadline: %d ran (%v), want 1", n, err)
		}
		if got := f.doc(t, d.ID); got.Status != "drafting" || got.AdoptedAt != nil {
			t.Fatalf("a broken silence leaves the document %s (adopted at %v), want drafting", got.Status, got.AdoptedAt)
		}
		r, err := f.svc.SilenceReport(bg, f.chair, d.ID)
		must(t, err)
		var lines []string
		for _, p := range r.Paragraphs {
			for _, o := range p.Objections {
				lines = append(lines, p.Label+" "+o.Delegation+": "+o.Reason)
			}
		}
		want := "OP1 BRA: Instructions from the capital. | OP1 CHN: The date is too early. | OP2 CHN: The date is too early."
		if r.Silence.State != "broken" || strings.Join(lines, " | ") != want || len(r.Breaks) != 2 {
			t.Errorf("notice: %s, %q (%d breaks)\nwant broken, %q (2 breaks)", r.Silence.State, strings.Join(lines, " | "), len(r.Breaks), want)
		}
		if _, err := f.svc.SilenceReport(bg, f.delegate["ARG"], d.ID); err != nil {
			t.Errorf("a delegation reads the notice: %v", err)
		}
		_, err = f.svc.SilenceReport(bg, f.obs, d.ID)
		wantErr(t, "an observer", err, "not_found", 404)
		wantErr(t, "a break after the silence ended", breakAs("ARG", op1), "not_under_silence", 409)
		if _, err := f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon all States to respect human rights;"}); err != nil {
			t.Errorf("the chair edits again once silence is broken: %v", err)
		}
	})
}

// Starting a silence: only the chair, only a clean text unchanged since its
// latest revision, and only until a deadline in a real time zone at least
// the forum's minimum away.
func TestStartingSilence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d, _ := readyText(t, f, "Brasília Declaration")
		start := func(in outcome.SilenceInput) error {
			_, err := f.svc.StartSilence(bg, f.chair, d.ID, in)
			return err
		}
		ok := outcome.SilenceInput{Deadline: inHours(73), TimeZone: "America/Sao_Paulo"}
		_, err := f.svc.StartSilence(bg, f.delegate["BRA"], d.ID, ok)
		wantErr(t, "a delegate", err, "chair_only", 403)
		wantField(t, "no zone", start(outcome.SilenceInput{Deadline: inHours(73)}), "bad_time_zone", "time_zone")
		wantField(t, "an unknown zone", start(outcome.SilenceInput{Deadline: inHours(73), TimeZone: "Mars/Olympus_Mons"}), "bad_time_zone", "time_zone")
		wantField(t, "the server's zone", start(outcome.SilenceInput{Deadline: inHours(73), TimeZone: "Local"}), "bad_time_zone", "time_zone")
		wantField(t, "a deadline past", start(outcome.SilenceInput{Deadline: time.Now().Add(-time.Hour), TimeZone: "UTC"}), "deadline_past", "deadline")
		wantField(t, "71 hours (the forum's minimum is 72)", start(outcome.SilenceInput{Deadline: inHours(71), TimeZone: "UTC"}), "silence_too_short", "deadline")

		// The text changed since the zero draft: issue a revision first.
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP2", outcome.EditInput{Text: "Decides to meet again in 2027."})
		must(t, err)
		wantErr(t, "text changed since the revision", start(ok), "text_changed_since_revision", 409)
		f.issue(t, d.ID) // Rev.1
		wantErr(t, "not the latest revision", start(outcome.SilenceInput{Deadline: inHours(73), TimeZone: "UTC", Revision: 2}), "not_latest_revision", 409)

		// Brackets: a word in [ ], or a paragraph bracketed.
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon States to [fully] respect human rights;"})
		must(t, err)
		_, err = f.svc.SetStatus(bg, f.chair, d.ID, "PP1", outcome.StatusInput{Status: "bracketed", Reason: "contentious"})
		must(t, err)
		f.issue(t, d.ID) // Rev.2
		err = start(ok)
		wantErr(t, "brackets", err, "text_not_clean", 409)
		if e := errs.As(err); len(e.Args) != 2 || e.Args[1] != "PP1, OP1" {
			t.Errorf("text_not_clean names %v, want PP1, OP1", e.Args)
		}
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon States to fully respect human rights;"})
		must(t, err)
		_, err = f.svc.SetStatus(bg, f.chair, d.ID, "PP1", outcome.StatusInput{Status: "agreed"})
		must(t, err)
		f.issue(t, d.ID) // Rev.3, clean

		// A forum of shorter silences: the secretariat sets an hour.
		_, err = f.svc.SetRules(bg, f.admin, f.forum.ID, outcome.Rules{SilenceMinHours: 1})
		must(t, err)
		s, err := f.svc.StartSilence(bg, f.chair, d.ID, outcome.SilenceInput{Deadline: inHours(2), TimeZone: "America/Sao_Paulo", Revision: 3})
		must(t, err)
		if s.Revision != 3 || s.State != "running" {
			t.Errorf("silence on revision %d, %s; want Rev.3, running", s.Revision, s.State)
		}
		wantErr(t, "a second silence", start(ok), "under_silence", 409)
		if n := f.count(t, "SELECT count(*) FROM deadline_jobs WHERE kind = 'outcome.silence' AND ref_id = ?", s.ID); n != 1 {
			t.Errorf("%d deadline jobs for the silence, want 1", n)
		}
	})
}

// The chair ends a silence before its deadline: nothing is adopted, the
// text goes back to drafting and the deadline is dropped.
func TestChairEndsSilence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN")
		d, _ := readyText(t, f, "Brasília Declaration")
		wantErr(t, "nothing to end", f.svc.EndSilence(bg, f.chair, d.ID), "not_under_silence", 409)
		s := putUnderSilence(t, f, d.ID)
		wantErr(t, "a delegate", f.svc.EndSilence(bg, f.delegate["CHN"], d.ID), "chair_only", 403)
		must(t, f.svc.EndSilence(bg, f.chair, d.ID))
		if got := f.doc(t, d.ID).Status; got != "drafting" {
			t.Errorf("status %q after the chair ended silence, want drafting", got)
		}
		if next, _ := f.svc.NextDeadline(bg); !next.IsZero() {
			t.Errorf("deadline %s still scheduled", next)
		}
		if n, err := f.svc.RunDeadlines(bg, s.Deadline.Add(time.Hour)); err != nil || n != 0 {
			t.Errorf("after the old deadline: %d ran (%v), want none", n, err)
		}
		r, err := f.svc.SilenceReport(bg, f.chair, d.ID)
		must(t, err)
		if r.Silence.State != "cancelled" || f.doc(t, d.ID).Status != "drafting" {
			t.Errorf("silence %s, document %s; want cancelled, drafting", r.Silence.State, f.doc(t, d.ID).Status)
		}
	})
}

// Two instances reach the same deadline together: the silence ends once.
// And a job that somehow comes back for a silence already ended changes
// nothing (the guard on the silence's state, apart from the job's).
func TestSilenceEndsOnceWithTwoInstances(t *testing.T) {
	restarting(t, func(t *testing.T, open func() *store.DB) {
		one, two := open(), open()
		f := setup(t, one, "CHN")
		d, _ := readyText(t, f, "Brasília Declaration")
		s := putUnderSilence(t, f, d.ID)
		services := []*outcome.Service{f.svc, {DB: two, Dialogue: &dialogue.Service{DB: two}}}
		var wg sync.WaitGroup
		ran := make([]int, 2)
		for i, svc := range services {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := svc.RunDeadlines(bg, s.Deadline.Add(time.Minute))
				if err != nil {
					t.Error(err)
				}
				ran[i] = n
			}()
		}
		wg.Wait()
		after := f.doc(t, d.ID)
		if ran[0]+ran[1] != 1 || after.Status != "adopted" {
			t.Fatalf("instances ran %v, document %s; want one run in all, adopted", ran, after.Status)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_log WHERE action = 'outcome.silence.adopted'"); n != 1 {
			t.Errorf("%d adoptions audited, want 1", n)
		}
		must(t, f.db.Write(bg, func(tx *store.Tx) error {
			return outbox.Schedule(bg, tx, "outcome.silence", s.ID, s.Deadline)
		}))
		if _, err := f.svc.RunDeadlines(bg, s.Deadline.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if again := f.doc(t, d.ID); again.Version != after.Version || !again.AdoptedAt.Equal(*after.AdoptedAt) {
			t.Errorf("a second run of the job moved the document from version %d to %d", after.Version, again.Version)
		}
		if r, err := f.svc.SilenceReport(bg, f.chair, d.ID); err != nil || r.Silence.State != "adopted" {
			t.Errorf("after a second run the silence reads %q (%v), want adopted still", r.Silence.State, err)
		}
	})
}

// A server follows the deadlines: a silence whose deadline has come ends
// without anyone asking, and the follower stops with its context.
func TestFollowDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN")
		d, _ := readyText(t, f, "Brasília Declaration")
		elapse(t, f, putUnderSilence(t, f, d.ID).ID)
		ctx, cancel := context.WithCancel(bg)
		done := make(chan struct{})
		go func() {
			f.svc.FollowDeadlines(ctx, 10*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
			close(done)
		}()
		for i := 0; f.doc(t, d.ID).Status != "adopted"; i++ {
			if i == 1000 {
				t.Fatal("the follower never adopted the text whose silence was over")
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done
	})
}
