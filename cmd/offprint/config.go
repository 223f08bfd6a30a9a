package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
// the edition file can all set, besides the edition file's own keys.
var buildKeys = []string{"layout", "fit", "out", "strict", "quiet", "json", "drafts"}

// boolKeys are the settings that are true or false.
var boolKeys = []string{"strict", "quiet", "json", "drafts"}

// flagKeys are the keys flags and OFFPRINT_* variables override: the build
// settings, and the edition file's issue, date, span of days and formats.
var flagKeys = append(append([]string{}, buildKeys...), "format", "since", "until", "week", "issue", "date")

// setting is a value given on the command line: by a flag or an
// OFFPRINT_* variable.
type setting struct {
	from  string // how messages name it: "--issue" or "OFFPRINT_ISSUE"
	value any    // a string, a bool, or a list of strings
}

// envName is the environment variable that sets key.
func envName(key string) string { return "OFFPRINT_" + strings.ToUpper(key) }

// commandLine collects the settings that flags and OFFPRINT_* variables
// give (a flag wins over a variable), checking each value where it enters:
// a bad value is a usage error naming the flag or the variable.
func commandLine(flags *pflag.FlagSet, getenv func(string) string) (map[string]setting, error) {
	set := map[string]setting{}
	for _, k := range flagKeys {
		if val := getenv(envName(k)); val != "" {
			v, err := checkSetting(k, val)
			if err != nil {
				return nil, usageErrorf("%s: %v", envName(k), err).withHint(fmt.Sprintf("unset it, or fix its value: %s=…", envName(k)))
			}
			set[k] = setting{from: envName(k), value: v}
		}
		if flags == nil {
			continue
		}
		f := flags.Lookup(k)
		if f == nil || !f.Changed {
			continue
		}
		v := flagValue(f)
		if list, ok := v.([]string); ok {
			for _, s := range list {
				if _, err := checkSetting(k, s); err != nil {
					return nil, usageErrorf("--%s: %v", k, err).withHint("see: offprint help " + flags.Name())
				}
			}
		} else if s, ok := v.(string); ok {
			if _, err := checkSetting(k, s); err != nil {
				return nil, usageErrorf("--%s: %v", k, err).withHint("see: offprint help " + flags.Name())
			}
		}
		set[k] = setting{from: "--" + k, value: v}
	}
	return set, nil
}

// checkSetting checks one value given for key on the command line and
// returns it as viper should hold it.
func checkSetting(key, val string) (any, error) {
	if slices.Contains(boolKeys, key) {
		b, err := strconv.ParseBool(strings.TrimSpace(val))
		if err != nil {
			return nil, fmt.Errorf("%q is neither true nor false", val)
		}
		return b, nil
	}
	return val, packager.CheckValue(key, val)
}

// edition is an edition folder with its settings resolved.
type edition struct {
	dir  string // the folder, as given
	file string // the edition file's base name ("edition.yaml")
	v    *viper.Viper
	// lines maps dotted keys ("sections.1.title") to lines of the
	// edition file (YAML only).
	lines map[string]int
	cfg   packager.Config
	// settings are cfg's values, parsed.
	settings packager.Settings
	// cli holds the settings given by flags and OFFPRINT_* variables.
	cli map[string]setting
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

// loadEdition reads an edition folder's settings: the command line's
// (flags over OFFPRINT_* variables, already checked by commandLine) over
// the edition file's. A fresh viper is made for every call.
func loadEdition(dir string, cli map[string]setting) (*edition, error) {
	name, err := findEditionFile(dir)
	if err != nil {
		return nil, err
	}
	ed := &edition{dir: dir, file: name, v: viper.New(), cli: cli}
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
	ed.checkKeys()
	if err := ed.checkBools(); err != nil {
		return nil, err
	}
	for k, s := range cli {
		ed.v.Set(k, s.value)
	}
	// --week dates the edition by its Sunday, over the edition file's
	// date, unless the command line gives a date too.
	if _, week := cli["week"]; week {
		if _, date := cli["date"]; !date {
			ed.v.Set("date", "")
		}
	}
	if err := ed.v.Unmarshal(&ed.cfg, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		timeToDay,
		mapstructure.StringToSliceHookFunc(","),
	))); err != nil {
		return nil, ed.decodeError(err)
	}
	ed.cfg.File = name
	if ed.settings, err = ed.cfg.Validate(); err != nil {
		return nil, ed.blame(err)
	}
	return ed, nil
}

// blame points an error about a setting at where the setting was given:
// a usage error naming the flag or variable, or the edition file's line.
func (ed *edition) blame(err error) error {
	var ce *packager.ConfigError
	if !errors.As(err, &ce) || ce.File != ed.file {
		return err
	}
	top, _, _ := strings.Cut(ce.Key, ".")
	if s, ok := ed.cli[top]; ok {
		u := usageErrorf("%s: %s", s.from, ce.Msg)
		u.hint = ce.Hint
		return u
	}
	if ce.Line == 0 {
		ce.Line = ed.line(ce.Key)
	}
	return err
}

// checkBools refuses an edition file's build setting that should be true
// or false but is not.
func (ed *edition) checkBools() error {
	for _, k := range boolKeys {
		switch v := ed.v.Get(k).(type) {
		case nil, bool:
		case string:
			if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
				return &packager.ConfigError{File: ed.file, Key: k, Line: ed.line(k), Msg: fmt.Sprintf("%q is neither true nor false", v)}
			}
		default:
			return &packager.ConfigError{File: ed.file, Key: k, Line: ed.line(k), Msg: fmt.Sprintf("%v is neither true nor false", v)}
		}
	}
	return nil
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
		d := &model.Diagnostic{Severity: model.Error, Code: "edition-file", File: name, Line: line, Msg: msg, Err: err}
		if tl := yamlerr.Tabs(err, data); tl > 0 {
			d.Line, d.Hint = tl, yamlerr.TabHint(name, tl)
		}
		return nil, d
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
