package dev.digest.condense;

/** Which of the two summary lists an author's section feeds. */
public enum SectionKind {
  /** Quick Summary, TL;DR, In Brief, Highlights... */
  QUICK_SUMMARY,
  /** Key Takeaways, Key Points, The Bottom Line... */
  TAKEAWAYS
}
