package web

import "roundtable/internal/authz"

// RecordsCommitments reports whether the revision page offers, beside each
// operative paragraph, to record it as a commitment: the revision is the
// adopted text and the policy lets the reader record commitments.
func (p outcomeRevisionPage) RecordsCommitments() bool {
	return p.Document.AdoptedNumber != nil && *p.Document.AdoptedNumber == p.Rev.Number && cmMay(p.User, authz.ManageAction)
}
