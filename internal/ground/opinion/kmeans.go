package opinion

import (
	"math"
	"math/rand/v2"
)

// samePoint: points closer than this (squared distance) are one place on the
// map; k-means cannot make more groups than there are places.
const samePoint = 1e-18

func dist2(p, q [2]float64) float64 {
	dx, dy := p[0]-q[0], p[1]-q[1]
	return dx*dx + dy*dy
}

// distinctPoints counts the distinct places among pts.
func distinctPoints(pts [][2]float64) int {
	n := 0
	for i, p := range pts {
		seen := false
		for _, q := range pts[:i] {
			if dist2(p, q) <= samePoint {
				seen = true
				break
			}
		}
		if !seen {
			n++
		}
	}
	return n
}

// cluster splits pts into k groups: k-means with k-means++ seeding, restarted
// and keeping the lowest inertia. Each k gets its own generator seeded from
// seed, so the split for one k does not depend on which other k were tried.
func cluster(pts [][2]float64, k int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, seed))
	var best []int
	bestInertia := math.Inf(1)
	for range restarts {
		labels := lloyd(pts, seedCentres(pts, k, rng))
		if in := inertia(pts, labels, k); in < bestInertia {
			best, bestInertia = labels, in
		}
	}
	return best
}

// seedCentres picks k starting centres by k-means++: each next centre is a
// point drawn with probability proportional to its squared distance from the
// nearest centre already chosen, which spreads the starts over the groups.
func seedCentres(pts [][2]float64, k int, rng *rand.Rand) [][2]float64 {
	centres := [][2]float64{pts[rng.IntN(len(pts))]}
	d2 := make([]float64, len(pts))
	for len(centres) < k {
		sum := 0.0
		for i, p := range pts {
			d2[i] = math.Inf(1)
			for _, c := range centres {
				d2[i] = min(d2[i], dist2(p, c))
			}
			sum += d2[i]
		}
		r := rng.Float64() * sum
		pick := -1
		for i, d := range d2 {
			if d <= samePoint {
				continue
			}
			pick = i
			if r -= d; r < 0 {
				break
			}
		}
		if pick < 0 { // every point is already a centre; callers keep k ≤ distinct points
			pick = rng.IntN(len(pts))
		}
		centres = append(centres, pts[pick])
	}
	return centres
}

// lloyd runs k-means from the given centres until no point changes group.
func lloyd(pts [][2]float64, centres [][2]float64) []int {
	labels := make([]int, len(pts))
	for i := range labels {
		labels[i] = -1
	}
	for range maxIterations {
		changed := false
		for i, p := range pts {
			g := nearest(p, centres)
			if g != labels[i] {
				labels[i], changed = g, true
			}
		}
		if !changed {
			break
		}
		refill(pts, labels, centres)
		copy(centres, means(pts, labels, len(centres)))
	}
	return labels
}

// nearest is the index of the centre closest to p (the lower index on a tie).
func nearest(p [2]float64, centres [][2]float64) int {
	best, bestD := 0, math.Inf(1)
	for g, c := range centres {
		if d := dist2(p, c); d < bestD {
			best, bestD = g, d
		}
	}
	return best
}

// refill gives each empty group the point farthest from its own group's
// centre (taken from a group of two or more), so k-means keeps k groups.
func refill(pts [][2]float64, labels []int, centres [][2]float64) {
	for {
		size := make([]int, len(centres))
		for _, g := range labels {
			size[g]++
		}
		empty := -1
		for g, s := range size {
			if s == 0 {
				empty = g
				break
			}
		}
		if empty < 0 {
			return
		}
		far, farD := -1, -1.0
		for i, p := range pts {
			if d := dist2(p, centres[labels[i]]); size[labels[i]] > 1 && d > farD {
				far, farD = i, d
			}
		}
		labels[far] = empty
		centres[empty] = pts[far]
	}
}

func means(pts [][2]float64, labels []int, k int) [][2]float64 {
	sum := make([][2]float64, k)
	size := make([]float64, k)
	for i, p := range pts {
		g := labels[i]
		sum[g][0] += p[0]
		sum[g][1] += p[1]
		size[g]++
	}
	for g := range sum {
		if size[g] > 0 {
			sum[g][0] /= size[g]
			sum[g][1] /= size[g]
		}
	}
	return sum
}

// inertia is the sum of squared distances from each point to its group's mean.
func inertia(pts [][2]float64, labels []int, k int) float64 {
	c := means(pts, labels, k)
	s := 0.0
	for i, p := range pts {
		s += dist2(p, c[labels[i]])
	}
	return s
}

// silhouette is the mean over all points of (b−a)/max(a, b), where a is the
// point's mean distance to the rest of its group and b its mean distance to
// the nearest other group; a point alone in its group scores 0 (Rousseeuw).
func silhouette(pts [][2]float64, labels []int, k int) float64 {
	total := 0.0
	for i, p := range pts {
		sum := make([]float64, k)
		size := make([]int, k)
		for j, q := range pts {
			if j != i {
				sum[labels[j]] += math.Sqrt(dist2(p, q))
				size[labels[j]]++
			}
		}
		own := labels[i]
		if size[own] == 0 {
			continue
		}
		a := sum[own] / float64(size[own])
		b := math.Inf(1)
		for g := range k {
			if g != own && size[g] > 0 {
				b = min(b, sum[g]/float64(size[g]))
			}
		}
		if m := max(a, b); m > 0 && !math.IsInf(b, 1) {
			total += (b - a) / m
		}
	}
	return total / float64(len(pts))
}
