package chart

import "math"

// albers is the Albers equal-area conic projection on the sphere (Snyder,
// Map Projections — A Working Manual, 1987, pp. 98–101). A choropleth asks
// the eye to compare coloured areas, so each panel uses an equal-area
// projection: Mercator would draw Tierra del Fuego three times and northern
// Mexico half again as large, per square kilometre, as the Amazon. Between
// its two standard parallels a conic projection also keeps shapes close to
// true. Its output is in radians of the unit sphere, y growing northwards.
type albers struct {
	lon0, n, c, rho0 float64
}

// newAlbers sets up the projection centred on longitude lon0 and latitude
// lat0 with standard parallels lat1 and lat2 (degrees; lat1 ≠ −lat2).
func newAlbers(lon0, lat0, lat1, lat2 float64) albers {
	s1, s2 := math.Sin(rad(lat1)), math.Sin(rad(lat2))
	n := (s1 + s2) / 2
	c := math.Cos(rad(lat1))*math.Cos(rad(lat1)) + 2*n*s1
	a := albers{lon0: lon0, n: n, c: c}
	a.rho0 = a.rho(lat0)
	return a
}

func (a albers) rho(lat float64) float64 {
	return math.Sqrt(math.Max(0, a.c-2*a.n*math.Sin(rad(lat)))) / a.n
}

// project maps a longitude and latitude (degrees) to the plane.
func (a albers) project(lon, lat float64) (x, y float64) {
	rho, theta := a.rho(lat), a.n*rad(lon-a.lon0)
	return rho * math.Sin(theta), a.rho0 - rho*math.Cos(theta)
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }
