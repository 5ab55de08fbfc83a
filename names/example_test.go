package names_test

import (
	"fmt"

	"github.com/armsflow/armsflow/names"
)

func ExampleRegistry_Resolve() {
	reg := names.New()
	for _, input := range []string{"Vietnam", "VNM", "türkiye", "USSR", "Korea, Republic of", "Viet Cong"} {
		e, err := reg.Resolve(input)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-18s → %s (ISO %q, SIPRI %q, %s, %s)\n", input, e.Name, e.Code, e.SIPRICode, e.Kind, e.Subregion)
	}
	for _, input := range []string{"Vietnm", "Korea"} {
		_, err := reg.Resolve(input)
		fmt.Println(err)
	}
	// Output:
	// Vietnam            → Viet Nam (ISO "VNM", SIPRI "VN", state, South East Asia)
	// VNM                → Viet Nam (ISO "VNM", SIPRI "VN", state, South East Asia)
	// türkiye            → Turkey (ISO "TUR", SIPRI "TUR", state, )
	// USSR               → Soviet Union (ISO "SUN", SIPRI "USR", state, Eastern Europe)
	// Korea, Republic of → South Korea (ISO "KOR", SIPRI "KOS", state, East Asia)
	// Viet Cong          → Viet Cong (South Vietnam)* (ISO "", SIPRI "XVC", non_state, South East Asia)
	// unknown party "Vietnm"; did you mean "Viet Nam"?
	// ambiguous party "Korea": North Korea, South Korea
}

func ExampleNew() {
	// The 2025 trade register spells Turkey "Turkiye": that becomes the name.
	reg := names.New("Turkiye", "Viet Nam", "Russia")
	e, _ := reg.Resolve("Turkey")
	fmt.Println(e.Name, e.Code, e.Region)
	_, ok := reg.Lookup("Turkey")
	fmt.Println(ok)
	// Output:
	// Turkiye TUR Middle East
	// false
}

func ExampleRegistry_InRegion() {
	reg := names.New()
	sea, _ := reg.ResolveRegion("Southeast Asia")
	fmt.Println(sea.Name, "in", sea.Parent)
	for _, p := range []string{"Viet Nam", "South Vietnam", "Viet Cong (South Vietnam)*", "China", "NATO**"} {
		fmt.Println(p, reg.InRegion(p, sea.Name), reg.InRegion(p, "Asia and Oceania"))
	}
	// Output:
	// South East Asia in Asia and Oceania
	// Viet Nam true true
	// South Vietnam true true
	// Viet Cong (South Vietnam)* true true
	// China false true
	// NATO** false false
}

func ExampleRegistry_Suggest() {
	reg := names.New()
	fmt.Println(reg.Suggest("viet", 3))
	fmt.Println(reg.Suggest("Rusia", 1))
	// Output:
	// [Viet Cong (South Vietnam)* Viet Minh (France)* Viet Nam]
	// [Russia]
}
