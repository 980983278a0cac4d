package dev.berth.gateway.build;

/** Go's path.Match: '*' and '?' never match '/', '[...]' classes with ranges and '^' negation, '\\' escapes. */
public final class GlobMatch {
    private GlobMatch() {}

    public static boolean matches(String pattern, String name) {
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi < p.length() && p.charAt(pi) == '*') {
                        pi++;
                    }
                    if (pi == p.length()) {
                        return s.indexOf('/', si) < 0;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                        if (k < s.length() && s.charAt(k) == '/') {
                            return false;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length() || s.charAt(si) == '/') {
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    if (si >= s.length() || s.charAt(si) == '/') {
                        return false;
                    }
                    int end = classEnd(p, pi + 1);
                    if (end < 0) {
                        return false;
                    }
                    if (!inClass(p.substring(pi + 1, end), s.charAt(si))) {
                        return false;
                    }
                    pi = end + 1;
                    si++;
                }
                case '\\' -> {
                    pi++;
                    if (pi >= p.length() || si >= s.length() || p.charAt(pi) != s.charAt(si)) {
                        return false;
                    }
                    pi++;
                    si++;
                }
                default -> {
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    private static int classEnd(String p, int from) {
        int i = from;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        for (; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static boolean inClass(String cls, char c) {
        boolean negate = cls.startsWith("^");
        int i = negate ? 1 : 0;
        boolean found = false;
        while (i < cls.length()) {
            char lo = cls.charAt(i);
            if (lo == '\\' && i + 1 < cls.length()) {
                lo = cls.charAt(++i);
            }
            char hi = lo;
            if (i + 2 < cls.length() && cls.charAt(i + 1) == '-') {
                hi = cls.charAt(i + 2);
                if (hi == '\\' && i + 3 < cls.length()) {
                    hi = cls.charAt(i + 3);
                    i++;
                }
                i += 2;
            }
            if (lo <= c && c <= hi) {
                found = true;
            }
            i++;
        }
        return found != negate;
    }
}
