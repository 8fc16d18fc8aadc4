package web_test

// speakersAccessMatrix: the speaking-time limit is the chair's and the
// secretariat's, on both surfaces.
var speakersAccessMatrix = []accessRow{
	// route                                  path                          body                                                  anon     obs dlgA dlgB chair val admin
	{"POST /sessions/{id}/speakers/time-limit", "/sessions/{S}/speakers/time-limit", "time_limit=3", "sign-in 403 403 403 ok 403 ok"},
	{"POST /api/v1/sessions/{id}/speakers/time-limit", "/api/v1/sessions/{S}/speakers/time-limit", `{"time_limit_seconds": 180}`, "401 403 403 403 ok 403 ok"},
}

func init() { areaMatrices = append(areaMatrices, speakersAccessMatrix) }
