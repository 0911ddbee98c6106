package dev.digest.condense;

/** A block of article text handed to the extractive summarizer; headings are not prose. */
record Paragraph(String text, boolean heading) {}
