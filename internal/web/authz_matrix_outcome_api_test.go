package web_test

// outcomeAPIAccessMatrix holds the access matrix's rows for the joint
// outcome's API (fixtures: see outcomeAccessMatrix).
var outcomeAPIAccessMatrix = []accessRow{}
