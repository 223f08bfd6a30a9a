package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/offprint/offprint/internal/yamlerr"
	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager"
	"github.com/offprint/offprint/packager/model"
)

// editionExts are the edition file formats, in the order they are looked
// for.
var editionExts = []string{".yaml", ".yml", ".toml", ".json"}

// buildKeys are the build settings that flags, OFFPRINT_* variables and
// the edition file can all set.
var buildKeys = []string{"layout", "format", "out", "strict", "quiet", "json", "drafts", "since", "until", "week"}

// flagKeys are the keys flags and OFFPRINT_* variables override: the build
// settings, and the edition file's issue and date.
var flagKeys = append(append([]string{}, buildKeys...), "issue", "date")

// edition is an edition folder with its settings resolved.
type edition struct {
	dir  string // the folder, as given
	file string // the edition file's base name ("edition.yaml")
	v    *viper.Viper
	// lines maps dotted keys ("sections.1.title") to lines of the
	// edition file (YAML only).
	lines map[string]int
	cfg   packager.Config
	// diags are problems in the edition file that do not stop a build.
	diags []model.Diagnostic
}

// findEditionFile returns the edition file's base name in dir.
func findEditionFile(dir string) (string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return "", &model.Diagnostic{Severity: model.Error, Code: "no-edition", File: dir, Msg: "no such folder", Hint: "create one with: offprint init " + dir}
	}
	if !st.IsDir() {
		return "", &model.Diagnostic{Severity: model.Error, Code: "no-edition", File: dir, Msg: "is a file; offprint builds an edition folder", Hint: "pass the folder that holds edition.yaml"}
	}
	for _, ext := range editionExts {
		name := packager.EditionFile + ext
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && !st.IsDir() {
			return name, nil
		}
	}
	return "", &model.Diagnostic{Severity: model.Error, Code: "no-edition", File: dir,
		Msg:  "has no edition file (edition.yaml, edition.toml or edition.json)",
		Hint: "start one with: offprint init " + dir}
}

// loadEdition reads an edition folder's settings: flags (when given) over
// OFFPRINT_* variables over the edition file. A fresh viper is made for
// every call.
func loadEdition(dir string, flags *pflag.FlagSet, getenv func(string) string) (*edition, error) {
	name, err := findEditionFile(dir)
	if err != nil {
		return nil, err
	}
	ed := &edition{dir: dir, file: name, v: viper.New()}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, &model.Diagnostic{Severity: model.Error, File: name, Msg: "cannot be read", Err: err}
	}
	ext := strings.TrimPrefix(filepath.Ext(name), ".")
	if ext == "yaml" || ext == "yml" {
		ext = "yaml"
		doc, err := parseYAML(name, data)
		if err != nil {
			return nil, err
		}
		ed.lines = map[string]int{}
		collectLines(doc, "", ed.lines)
	}
	ed.v.SetConfigType(ext)
	if err := ed.v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, &model.Diagnostic{Severity: model.Error, Code: "edition-file", File: name, Line: errLine(err), Msg: cleanParseError(err), Err: err}
	}
	ed.v.SetEnvPrefix("OFFPRINT")
	ed.v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	for _, k := range flagKeys {
		if val := getenv("OFFPRINT_" + strings.ToUpper(k)); val != "" {
			ed.v.Set(k, val)
		}
		if flags != nil {
			if f := flags.Lookup(k); f != nil && f.Changed {
				ed.v.Set(k, flagValue(f))
			}
		}
	}
	ed.checkKeys()
	if err := ed.v.Unmarshal(&ed.cfg, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		timeToDay,
		mapstructure.StringToSliceHookFunc(","),
	))); err != nil {
		return nil, ed.decodeError(err)
	}
	ed.cfg.File = name
	if err := ed.cfg.Validate(); err != nil {
		var ce *packager.ConfigError
		if errors.As(err, &ce) {
			ce.Line = ed.line(ce.Key)
		}
		return nil, err
	}
	return ed, nil
}

// flagValue turns a flag's value into what viper should hold.
func flagValue(f *pflag.Flag) any {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		return sv.GetSlice()
	}
	if f.Value.Type() == "bool" {
		b, _ := strconv.ParseBool(f.Value.String())
		return b
	}
	return f.Value.String()
}

// timeToDay lets unquoted YAML dates (2020-01-03) fill string fields.
func timeToDay(from, to reflect.Type, data any) (any, error) {
	if t, ok := data.(time.Time); ok && to.Kind() == reflect.String {
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.Format("2006-01-02"), nil
		}
		return t.Format(time.RFC3339), nil
	}
	return data, nil
}

// getString returns a build setting (flag > env > edition file).
func (ed *edition) getString(key string) string { return ed.v.GetString(key) }

// getBool returns a boolean build setting.
func (ed *edition) getBool(key string) bool { return ed.v.GetBool(key) }

// getList returns a comma-separated or list setting.
func (ed *edition) getList(key string) []string {
	var out []string
	for _, s := range ed.v.GetStringSlice(key) {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// line returns the edition file line of a dotted key, or of its nearest
// parent that has one.
func (ed *edition) line(key string) int {
	for k := key; k != ""; {
		if l, ok := ed.lines[k]; ok {
			return l
		}
		i := strings.LastIndex(k, ".")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

// knownKeys lists the keys an edition file may set, from packager.Config
// and the build settings.
func knownKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if tag := t.Field(i).Tag.Get("mapstructure"); tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

// checkKeys warns about keys the edition file sets that offprint does not
// know, suggesting the nearest known one.
func (ed *edition) checkKeys() {
	top := append(knownKeys(reflect.TypeOf(packager.Config{})), buildKeys...)
	sec := knownKeys(reflect.TypeOf(packager.SectionConfig{}))
	sel := knownKeys(reflect.TypeOf(packager.Selection{}))
	unknown := func(key, name string, known []string) {
		d := model.Warnf("unknown-key", ed.file, ed.line(key), "unknown key %s", key)
		if s := layouts.Nearest(name, known); s != "" {
			d.Hint = fmt.Sprintf("did you mean %s?", s)
		} else {
			d.Hint = "known keys are: " + strings.Join(known, ", ")
		}
		ed.diags = append(ed.diags, d)
	}
	settings := ed.v.AllSettings()
	keys := sortedKeys(settings)
	for _, k := range keys {
		if !contains(top, k) {
			unknown(k, k, top)
		}
	}
	secs, _ := settings["sections"].([]any)
	for i, s := range secs {
		m, ok := s.(map[string]any)
		if !ok {
			continue
		}
		for _, k := range sortedKeys(m) {
			key := fmt.Sprintf("sections.%d.%s", i, k)
			if !contains(sec, k) {
				unknown(key, k, sec)
				continue
			}
			if k == "select" {
				if sm, ok := m[k].(map[string]any); ok {
					for _, sk := range sortedKeys(sm) {
						if !contains(sel, sk) {
							unknown(key+"."+sk, sk, sel)
						}
					}
				}
			}
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// decodeError turns a mapstructure error into one naming the key and line.
func (ed *edition) decodeError(err error) error {
	msg := err.Error()
	key := ""
	if i := strings.Index(msg, "'"); i >= 0 {
		if j := strings.Index(msg[i+1:], "'"); j >= 0 {
			key = strings.ToLower(msg[i+1 : i+1+j])
			key = strings.NewReplacer("[", ".", "]", "").Replace(key)
		}
	}
	m := msg
	if i := strings.LastIndex(m, ": "); i >= 0 {
		m = m[i+2:]
	}
	if key != "" {
		m = fmt.Sprintf("%s has the wrong kind of value (%s)", key, m)
	}
	return &packager.ConfigError{File: ed.file, Key: "", Line: ed.line(key), Msg: m}
}

// parseYAML parses the edition file for its line numbers, reporting
// syntax errors with their line.
func parseYAML(name string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlerr.Split(err, data)
		return nil, &model.Diagnostic{Severity: model.Error, Code: "edition-file", File: name, Line: line, Msg: msg, Err: err}
	}
	if len(doc.Content) == 0 {
		return nil, &model.Diagnostic{Severity: model.Error, Code: "edition-file", File: name, Line: 1, Msg: "is empty", Hint: "an edition needs at least a title: line"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &model.Diagnostic{Severity: model.Error, Code: "edition-file", File: name, Line: root.Line, Msg: "must be a mapping of keys (title: …, sections: …)"}
	}
	return root, nil
}

// collectLines records the line of every key, dotted, with list items by
// index ("sections.0.title").
func collectLines(n *yaml.Node, prefix string, lines map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := prefix + strings.ToLower(n.Content[i].Value)
			lines[k] = n.Content[i].Line
			collectLines(n.Content[i+1], k+".", lines)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			k := fmt.Sprintf("%s%d", prefix, i)
			lines[k] = c.Line
			collectLines(c, k+".", lines)
		}
	}
}

// errLine finds "line N" in a parser's message.
func errLine(err error) int {
	msg := err.Error()
	for _, marker := range []string{"line ", "(", "row "} {
		if i := strings.Index(msg, marker); i >= 0 {
			var n int
			if _, e := fmt.Sscanf(msg[i+len(marker):], "%d", &n); e == nil && n > 0 {
				return n
			}
		}
	}
	return 0
}

// cleanParseError strips parser prefixes and the line number (which is
// printed separately) from a parse error.
func cleanParseError(err error) string {
	msg := err.Error()
	for _, p := range []string{"While parsing config: ", "yaml: "} {
		if i := strings.Index(msg, p); i >= 0 {
			msg = msg[i+len(p):]
		}
	}
	if strings.HasPrefix(msg, "line ") {
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
	}
	return msg
}
