package dialogue

import (
	"slices"
	"strings"
	"time"

	"roundtable/internal/errs"
)

// An edition is held in its venue's time zone: sessions are entered and
// shown on the venue's clock and stored in UTC. The zone is an IANA name;
// any that the time package knows is accepted (a forum may meet anywhere),
// and the form offers those of the region's countries and China.

// venueZones are the IANA zones of the countries of Latin America and the
// Caribbean and of China, by ISO alpha-3 code, the capital's zone first (a
// venue's default when the secretariat does not choose one).
var venueZones = map[string][]string{
	"ARG": {"America/Argentina/Buenos_Aires", "America/Argentina/Cordoba", "America/Argentina/Mendoza", "America/Argentina/Ushuaia"},
	"ATG": {"America/Antigua"},
	"BHS": {"America/Nassau"},
	"BLZ": {"America/Belize"},
	"BOL": {"America/La_Paz"},
	"BRA": {"America/Sao_Paulo", "America/Noronha", "America/Bahia", "America/Fortaleza", "America/Recife", "America/Belem", "America/Manaus", "America/Cuiaba", "America/Porto_Velho", "America/Boa_Vista", "America/Rio_Branco"},
	"BRB": {"America/Barbados"},
	"CHL": {"America/Santiago", "America/Punta_Arenas", "Pacific/Easter"},
	"CHN": {"Asia/Shanghai", "Asia/Urumqi"},
	"COL": {"America/Bogota"},
	"CRI": {"America/Costa_Rica"},
	"CUB": {"America/Havana"},
	"DMA": {"America/Dominica"},
	"DOM": {"America/Santo_Domingo"},
	"ECU": {"America/Guayaquil", "Pacific/Galapagos"},
	"GRD": {"America/Grenada"},
	"GTM": {"America/Guatemala"},
	"GUY": {"America/Guyana"},
	"HND": {"America/Tegucigalpa"},
	"HTI": {"America/Port-au-Prince"},
	"JAM": {"America/Jamaica"},
	"KNA": {"America/St_Kitts"},
	"LCA": {"America/St_Lucia"},
	"MEX": {"America/Mexico_City", "America/Cancun", "America/Merida", "America/Monterrey", "America/Chihuahua", "America/Hermosillo", "America/Mazatlan", "America/Tijuana"},
	"NIC": {"America/Managua"},
	"PAN": {"America/Panama"},
	"PER": {"America/Lima"},
	"PRY": {"America/Asuncion"},
	"SLV": {"America/El_Salvador"},
	"SUR": {"America/Paramaribo"},
	"TTO": {"America/Port_of_Spain"},
	"URY": {"America/Montevideo"},
	"VCT": {"America/St_Vincent"},
	"VEN": {"America/Caracas"},
}

// VenueZone is a time zone a venue may be in, and the country whose zone
// it is ("" for UTC).
type VenueZone struct {
	Zone    string
	Country string
}

// VenueZones lists the zones an edition's form offers: UTC, then each
// country's zones by country code, the capital's first.
func VenueZones() []VenueZone {
	out := []VenueZone{{Zone: "UTC"}}
	codes := make([]string, 0, len(venueZones))
	for c := range venueZones {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		for _, z := range venueZones[c] {
			out = append(out, VenueZone{Zone: z, Country: c})
		}
	}
	return out
}

// DefaultZone is the zone of a venue in country (ISO alpha-3): its
// capital's, or UTC for a country outside the table.
func DefaultZone(country string) string {
	if zs := venueZones[strings.ToUpper(country)]; len(zs) > 0 {
		return zs[0]
	}
	return "UTC"
}

// checkZone defaults an empty zone from the venue's country and refuses a
// name the time package does not know ("Local" names the server's zone,
// not a venue's).
func checkZone(zone, country string) (string, error) {
	zone = strings.TrimSpace(zone)
	if zone == "" {
		return DefaultZone(country), nil
	}
	if zone == "Local" || len(zone) > 64 {
		return "", errTimeZone
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return "", errTimeZone
	}
	return zone, nil
}

var errTimeZone = errs.Field("time_zone", "bad_time_zone", "manage.validation.time_zone")

// Location is the edition's venue clock (UTC if its zone cannot be read).
func (e Edition) Location() *time.Location {
	if loc, err := time.LoadLocation(e.TimeZone); err == nil && e.TimeZone != "" {
		return loc
	}
	return time.UTC
}
