package opinion

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// signTie is how close two loadings' magnitudes must be to count as equally
// large when fixing a component's sign; SVD rounding differs in the last bits.
const signTie = 1e-9

// centred returns the active rows of m with missing cells filled by their
// column's mean and every column centred, so a filled cell sits at 0: a
// pending delegation is taken to stand where the others stand on average.
func centred(m Matrix, active []int) *mat.Dense {
	x := mat.NewDense(len(active), len(m.Cols), nil)
	for j := range m.Cols {
		sum, n := 0.0, 0
		for _, i := range active {
			if v := m.Cells[i][j]; !math.IsNaN(v) {
				sum += v
				n++
			}
		}
		mean := 0.0
		if n > 0 {
			mean = sum / float64(n)
		}
		for a, i := range active {
			if v := m.Cells[i][j]; !math.IsNaN(v) {
				x.Set(a, j, v-mean)
			}
		}
	}
	return x
}

// project returns each row of the centred x on the first two principal
// components, oriented by orient, and the share of variance each explains.
// A component the data does not have (one proposition, two delegations)
// leaves its coordinate at 0.
func project(x *mat.Dense) ([][2]float64, [2]float64, error) {
	var explained [2]float64
	n, d := x.Dims()
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		return nil, explained, fmt.Errorf("opinion: principal components of a %d×%d matrix did not converge", n, d)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	total := 0.0
	for _, v := range vars {
		total += v
	}
	pts := make([][2]float64, n)
	v := make([]float64, d)
	for c := 0; c < min(2, len(vars)); c++ {
		mat.Col(v, c, &vecs)
		orient(v)
		// A plain loop rather than a BLAS product: identical rows then get
		// bit-identical points, which distinctPoints relies on.
		for i := range pts {
			s := 0.0
			for j, xv := range x.RawRowView(i) {
				s += xv * v[j]
			}
			pts[i][c] = s
		}
		if total > 0 {
			explained[c] = vars[c] / total
		}
	}
	return pts, explained, nil
}

// orient flips v so its largest-magnitude entry (the lowest index among
// entries within signTie of the largest) is positive. A principal component's
// sign is arbitrary; fixing it keeps the map from mirroring between runs.
func orient(v []float64) {
	largest := 0.0
	for _, e := range v {
		largest = max(largest, math.Abs(e))
	}
	for _, e := range v {
		if math.Abs(e) >= largest-signTie {
			if e < 0 {
				for j := range v {
					v[j] = -v[j]
				}
			}
			return
		}
	}
}
