package pypi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
)

// bigJSONPage is a PEP 691 page shaped as a large real project's (hundreds
// of releases, a dozen wheels each, PEP 658 hashes, a few yanked): about
// 4 MB, the size of botocore's.
func bigJSONPage(releases int) []byte {
	type file struct {
		Filename       string            `json:"filename"`
		URL            string            `json:"url"`
		Hashes         map[string]string `json:"hashes"`
		RequiresPython *string           `json:"requires-python"`
		CoreMetadata   any               `json:"core-metadata"`
		DistInfo       any               `json:"dist-info-metadata"`
		Yanked         any               `json:"yanked"`
		Size           int64             `json:"size"`
		UploadTime     string            `json:"upload-time"`
	}
	page := struct {
		Meta  map[string]string `json:"meta"`
		Name  string            `json:"name"`
		Files []file            `json:"files"`
	}{Meta: map[string]string{"api-version": "1.1"}, Name: "bigproject"}
	rp := ">=3.8"
	tags := []string{"cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64",
		"cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64",
		"cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp38-cp38-win_amd64", "cp39-cp39-win_amd64", "cp310-cp310-win_amd64",
		"cp311-cp311-macosx_11_0_arm64", "cp312-cp312-macosx_11_0_arm64", "py3-none-any"}
	hash := func(i int) string { return fmt.Sprintf("%064x", i*7919+1) }
	for r := range releases {
		v := fmt.Sprintf("1.%d.%d", r/10, r%10)
		names := []string{"bigproject-" + v + ".tar.gz"}
		for _, t := range tags {
			names = append(names, "bigproject-"+v+"-"+t+".whl")
		}
		for i, n := range names {
			f := file{Filename: n, URL: "https://files.example/packages/ab/cd/" + hash(r*100+i) + "/" + n,
				Hashes: map[string]string{"sha256": hash(r*100 + i)}, RequiresPython: &rp,
				CoreMetadata: map[string]string{"sha256": hash(r*100 + i + 50)}, DistInfo: map[string]string{"sha256": hash(r*100 + i + 50)},
				Yanked: r%97 == 0, Size: int64(100000 + r), UploadTime: "2024-01-02T03:04:05.123456Z"}
			if r%193 == 0 {
				f.Yanked = "broken build"
			}
			page.Files = append(page.Files, f)
		}
	}
	data, err := json.Marshal(page)
	if err != nil {
		panic(err)
	}
	return data
}

// BenchmarkProjectPageJSON parses a large PEP 691 page into the files
// Project returns (file names parsed too): the CPU of a warm plan is
// mostly this on a real index.
func BenchmarkProjectPageJSON(b *testing.B) {
	data := bigJSONPage(300)
	base, _ := url.Parse("https://index.example/simple/bigproject/")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		files, err := parsePage(data, "application/vnd.pypi.simple.v1+json", base)
		if err != nil {
			b.Fatal(err)
		}
		p := projectOf("bigproject", [][]File{files}, []source{{loc: "https://index.example/simple"}}, []bool{true})
		if len(p.Files) != 300*12 {
			b.Fatalf("%d files", len(p.Files))
		}
	}
}
