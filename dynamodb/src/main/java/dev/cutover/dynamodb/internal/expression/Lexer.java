package dev.cutover.dynamodb.internal.expression;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens; never fails (an unknown character becomes a one-character token the parser refuses). */
final class Lexer {

    /** Token kinds. */
    enum Kind { NAME, ATTR_NAME, ATTR_VALUE, NUMBER, PUNCT, EOF }

    /** One token: its kind, its text as written and its place in the expression. */
    record Token(Kind kind, String text, int start, int end) {

        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
        }
    }

    private Lexer() {
    }

    static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isIdentifierStart(c)) {
                i = identifierEnd(s, i + 1);
                kind = Kind.NAME;
            } else if (c == '#' || c == ':') {
                int end = identifierEnd(s, i + 1);
                if (end > i + 1) {
                    i = end;
                    kind = c == '#' ? Kind.ATTR_NAME : Kind.ATTR_VALUE;
                } else {
                    i++;
                    kind = Kind.PUNCT;
                }
            } else if (c >= '0' && c <= '9') {
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                kind = Kind.NUMBER;
            } else if ((c == '<' || c == '>') && i + 1 < n && (s.charAt(i + 1) == '=' || c == '<' && s.charAt(i + 1) == '>')) {
                i += 2;
                kind = Kind.PUNCT;
            } else {
                i += Character.charCount(s.codePointAt(i));
                kind = Kind.PUNCT;
            }
            tokens.add(new Token(kind, s.substring(start, i), start, i));
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", n, n));
        return tokens;
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static int identifierEnd(String s, int i) {
        while (i < s.length() && (isIdentifierStart(s.charAt(i)) || s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
            i++;
        }
        return i;
    }
}
