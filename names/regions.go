package names

import (
	"slices"
	"strings"

	"github.com/armsflow/armsflow"
)

// Region is one of SIPRI's regions or subregions: Africa (North Africa,
// Sub-Saharan Africa), Americas (Central America and the Caribbean, North
// America, South America), Asia and Oceania (Central Asia, East Asia,
// Oceania, South Asia, South East Asia), Europe (Central Europe, Eastern
// Europe, Western Europe) and Middle East.
type Region struct {
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"` // "" for a top-level region
	// Members are the canonical names of the region's parties, its
	// subregions' included, sorted by name.
	Members []string `json:"members"`
}

// Regions returns SIPRI's regions in SIPRI's order, each top-level region
// followed by its subregions, with their members.
func (r *Registry) Regions() []Region {
	out := slices.Clone(r.ix.regions)
	for i := range out {
		out[i].Members = r.members(out[i].Name)
	}
	return out
}

// members returns the canonical names of the parties in region, sorted.
func (r *Registry) members(region string) []string {
	out := []string{}
	for _, id := range r.sorted {
		if e := r.ent(id); e.Region == region || e.Subregion == region {
			out = append(out, e.Name)
		}
	}
	return out
}

// region returns the index of the region that input names, or -1.
func (r *Registry) region(input string) int {
	for i := range r.ix.regions {
		if r.ix.regions[i].Name == input {
			return i
		}
	}
	if i, ok := r.ix.regionByKey[fold(input)]; ok {
		return int(i)
	}
	return -1
}

// ResolveRegion returns the region that input names, with its members:
// SIPRI's name or a common variant ("South East Asia", "Southeast Asia",
// "SE Asia", "Middle East", "Europe"), without regard to case, accents or
// punctuation. An unknown region is an armsflow.ENOTFOUND error that names
// the nearest regions, or lists them all when none is near.
func (r *Registry) ResolveRegion(input string) (Region, error) {
	i := r.region(input)
	if i < 0 {
		return Region{}, r.unknownRegion(input)
	}
	reg := r.ix.regions[i]
	reg.Members = r.members(reg.Name)
	return reg, nil
}

func (r *Registry) unknownRegion(input string) error {
	q := newQuery(input)
	var near []scored
	if q.flat != "" {
		for _, rg := range regionTable {
			ks := []sugKey{{flat: fold(rg.name), spaced: foldWords(rg.name)}}
			for _, al := range rg.aliases {
				ks = append(ks, sugKey{flat: fold(al), spaced: foldWords(al), alias: true})
			}
			if s := q.score(ks); s >= 0 {
				near = append(near, scored{rg.name, s})
			}
		}
	}
	if len(near) == 0 {
		all := make([]string, len(regionTable))
		for i, rg := range regionTable {
			all[i] = rg.name
		}
		return armsflow.Errorf(armsflow.ENOTFOUND, "unknown region %q: use one of %s", input, strings.Join(all, ", "))
	}
	slices.SortStableFunc(near, func(a, b scored) int { return a.score - b.score })
	return notFound("region", input, nearest(near, 5))
}

// InRegion reports whether the party name lies in region or in one of its
// subregions. Name is best a canonical name but may be anything Resolve
// accepts; region anything ResolveRegion accepts. An unknown or ambiguous
// party, or an unknown region, is in no region.
func (r *Registry) InRegion(name string, region string) bool {
	id, n := r.find(name)
	if n != 1 || int(id) >= len(r.ix.ents) {
		return false // unknown, ambiguous, or only in the data: no region
	}
	i := r.region(region)
	if i < 0 {
		return false
	}
	rn := r.ix.regions[i].Name
	e := &r.ix.ents[id]
	return e.Region == rn || e.Subregion == rn
}
