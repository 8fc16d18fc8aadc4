package commitment

import "roundtable/internal/errs"

// errNotYet is returned by methods whose body is still being written.
var errNotYet = errs.New(errs.Unavailable, "not_implemented", "error.internal")
