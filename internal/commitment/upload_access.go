package commitment

import (
	"context"
	"time"

	"roundtable/internal/visibility"
)

// reportVisibility describes a progress report to the visibility rule, as
// IndexedReport does: a draft or a returned report is its delegation's, a
// submitted one waits for its state's validator, a published one is read
// as its commitment is; its owner is its state.
var reportVisibility = visibility.Columns{
	Level:     "CASE r.state WHEN 'submitted' THEN 'validation' WHEN 'published' THEN c.level ELSE 'draft' END",
	Owner:     "r.country",
	Embargo:   "CAST(NULL AS TIMESTAMP)",
	Published: "COALESCE(e.published, TRUE)",
}

// UploadReadable is the reports' upload.Holder: whether v reads a
// progress report that gives upload id as evidence.
func (s *Service) UploadReadable(ctx context.Context, v Viewer, id int64) (bool, error) {
	cond, args := visibility.Of(v).Where(reportVisibility, time.Now())
	var n int
	err := s.DB.Reader().QueryRow(ctx, `SELECT count(*) FROM report_evidence x
		JOIN progress_reports r ON r.id = x.report_id
		JOIN commitments c ON c.id = r.commitment_id
		LEFT JOIN editions e ON e.id = c.edition_id
		WHERE x.upload_id = ? AND `+cond, append([]any{id}, args...)...).Scan(&n)
	return n > 0, err
}
