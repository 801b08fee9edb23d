package io.codebuildnotifier.adapter.slack;

import io.codebuildnotifier.kernel.LogText;

/** Slack mrkdwn escaping: user text must never become a link, a mention or markup. */
final class Mrkdwn {
    private Mrkdwn() {
    }

    /** Escapes {@code &}, {@code <} and {@code >}, as Slack asks. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (LogText.isBidiControl(c)) {
                continue;
            }
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Makes user text fit on one line of a message: control characters become spaces, and text
     * longer than {@code max} characters is cut (never inside a character) and marked with an
     * ellipsis. Clip before escaping, so that an escape is never cut in half.
     */
    static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        return LogText.clip(neutralise(text).strip(), max);
    }

    /**
     * Control characters become spaces; Unicode bidirectional controls (U+202A–U+202E,
     * U+2066–U+2069 and the marks) are dropped, so that no name or subject reverses the rest of
     * a line; line and paragraph separators become spaces.
     */
    static String neutralise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (LogText.isBidiControl(c)) {
                continue;
            }
            out.append(LogText.isControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    /** A link whose label is user text; the URL is ours and must not hold {@code |} or {@code >}. */
    static String link(String url, String label) {
        String safeUrl = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C");
        String safeLabel = escape(label).replace("|", "\u2223");
        return "<" + safeUrl + "|" + safeLabel + ">";
    }
}
