//! Attribution scoring (exact / overlap / token P, R, F1), agreeing with the reference scorer.
