package web_test

// outcomeFlowAccessMatrix holds the access matrix's rows for the pages of
// amendments, positions, silence and adoption (fixtures: see
// outcomeAccessMatrix).
var outcomeFlowAccessMatrix = []accessRow{}
