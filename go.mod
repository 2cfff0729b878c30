module github.com/deps-rpm/deps

go 1.26.8
