package io.codebuildnotifier.kernel;

/**
 * Makes any text safe for one log line: whatever an event or a remote answer carried, control
 * characters (line breaks, escape sequences, Unicode line and bidirectional controls) are shown
 * escaped, so that a value can never forge a second log record.
 */
public final class LogText {
    private LogText() {
    }

    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** Cuts to {@code max} characters (never inside a character), then escapes. */
    public static String abbreviate(String text, int max) {
        return oneLine(clip(text == null ? "" : text, max));
    }

    /**
     * Text of at most {@code max} characters: a longer one is cut (never inside a character) and
     * marked with an ellipsis. {@code null} stays {@code null}.
     */
    public static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> isControl(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    /** C0 and C1 controls, DEL, line/paragraph separators and the bidirectional controls. */
    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || isBidiControl(c);
    }

    /**
     * The Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
     * (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). Unclosed, they reverse the rest of a line.
     */
    public static boolean isBidiControl(int c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c;
    }
}
