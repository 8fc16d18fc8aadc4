package commitment

import "context"

// FileReport starts a draft report of the author's state on a commitment
// (a delegate of an owner state).
func (s *Service) FileReport(ctx context.Context, v Viewer, commitmentID int64, in ReportInput) (Report, error) {
	return Report{}, errNotYet
}

// UpdateReport changes a draft or returned report (its state's delegates).
func (s *Service) UpdateReport(ctx context.Context, v Viewer, id int64, in ReportInput) (Report, error) {
	return Report{}, errNotYet
}

// SubmitReport sends a draft or returned report to its state's validator.
func (s *Service) SubmitReport(ctx context.Context, v Viewer, id int64) (Report, error) {
	return Report{}, errNotYet
}

// Validate publishes a submitted report (approve) or returns it to its
// delegation with note (the validator bound to the report's state).
func (s *Service) Validate(ctx context.Context, v Viewer, id int64, approve bool, note string) (Report, error) {
	return Report{}, errNotYet
}

// Reports lists the reports on a commitment v may read, newest first.
func (s *Service) Reports(ctx context.Context, v Viewer, commitmentID int64) ([]Report, error) {
	return nil, errNotYet
}

// Report reads one report, if v may read it.
func (s *Service) Report(ctx context.Context, v Viewer, id int64) (Report, error) {
	return Report{}, errNotYet
}

// AwaitingValidation lists the submitted reports v may validate (a
// validator: its state's; the secretariat: all), oldest first.
func (s *Service) AwaitingValidation(ctx context.Context, v Viewer) ([]Report, error) {
	return nil, errNotYet
}
