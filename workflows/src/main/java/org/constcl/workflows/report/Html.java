package org.constcl.workflows.report;

/** HTML escaping for report text. */
final class Html {
  private Html() {}

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
