"""For you: the taste model (:mod:`.model`, scikit-learn), learning it from the library and scoring
every paper (:mod:`.learn`), and doing that in a child process for the reader (:mod:`.child`)."""
