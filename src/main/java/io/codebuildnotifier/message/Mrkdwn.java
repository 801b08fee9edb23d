package io.codebuildnotifier.message;

/** Slack mrkdwn escaping: user text must never become a link, a mention or markup. */
public final class Mrkdwn {
    private Mrkdwn() {
    }

    /** Escapes {@code &}, {@code <} and {@code >}, as Slack asks. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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
    public static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\p{Cntrl}", " ").strip();
        if (oneLine.length() <= max) {
            return oneLine;
        }
        int end = Character.isHighSurrogate(oneLine.charAt(max - 1)) ? max - 1 : max;
        return oneLine.substring(0, end) + "…";
    }

    /** A link whose label is user text; the URL is ours and must not hold {@code |} or {@code >}. */
    public static String link(String url, String label) {
        String safeUrl = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C");
        String safeLabel = escape(label).replace("|", "\u2223");
        return "<" + safeUrl + "|" + safeLabel + ">";
    }
}
