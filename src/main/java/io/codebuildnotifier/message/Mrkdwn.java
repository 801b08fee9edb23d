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

    /** A link whose label is user text; the URL is ours and must not hold {@code |} or {@code >}. */
    public static String link(String url, String label) {
        String safeUrl = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C");
        String safeLabel = escape(label).replace("|", "\u2223");
        return "<" + safeUrl + "|" + safeLabel + ">";
    }
}
