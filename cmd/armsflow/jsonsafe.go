package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
)

// writeJSON writes v as indented JSON. JSON has no NaN nor infinities, so
// encoding/json fails on them; rather than fail the whole answer (and say
// "internal error"), a figure that is not finite is written as null,
// unknown, which is what it is. Libraries imported by this armsflow hold no
// such figures (the import refuses them), but older ones may.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	var uv *json.UnsupportedValueError
	if errors.As(err, &uv) {
		b.Reset()
		err = enc.Encode(finiteJSON(reflect.ValueOf(v)))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// finiteJSON returns v as a value that encodes to the same JSON as v
// except that floats that are not finite become null.
func finiteJSON(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	t := v.Type()
	if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			return nil
		}
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return v.Interface()
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return finiteJSON(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return v.Interface()
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = finiteJSON(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			k, err := json.Marshal(it.Key().Interface())
			if err != nil {
				continue
			}
			out[strings.Trim(string(k), `"`)] = finiteJSON(it.Value())
		}
		return out
	case reflect.Struct:
		var obj orderedObject
		structFields(v, &obj)
		return obj
	}
	return v.Interface()
}

// structFields appends v's fields as encoding/json would write them:
// exported, named by their tag, "-" and empty omitempty fields left out,
// embedded structs' fields promoted.
func structFields(v reflect.Value, obj *orderedObject) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fv := v.Field(i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				fv, ft = fv.Elem(), ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				structFields(fv, obj)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if strings.Contains(","+opts+",", ",omitempty,") && fv.IsZero() && fv.Kind() != reflect.Struct ||
			strings.Contains(","+opts+",", ",omitzero,") && fv.IsZero() {
			continue
		}
		if (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && strings.Contains(","+opts+",", ",omitempty,") && fv.Len() == 0 {
			continue
		}
		obj.keys = append(obj.keys, name)
		obj.vals = append(obj.vals, finiteJSON(fv))
	}
}

// orderedObject is a JSON object that keeps its keys in order.
type orderedObject struct {
	keys []string
	vals []any
}

// MarshalJSON writes the object with its keys in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
