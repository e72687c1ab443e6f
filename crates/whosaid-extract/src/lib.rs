//! From article text to attributions: text layer, taggers, labeler, decoding.
