//! Tokenizer, sentence splitter, paragraphs and quotation pairing with exact offsets.
