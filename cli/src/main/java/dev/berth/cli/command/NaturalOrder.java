package dev.berth.cli.command;

import java.util.Comparator;

/** fvbommel/sortorder's NaturalLess: runs of digits compare as numbers, the rest as text. */
final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            boolean da = Character.isDigit(ca);
            boolean db = Character.isDigit(cb);
            if (da != db) {
                // digits sort before anything else
                return da ? -1 : 1;
            }
            if (!da) {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
                continue;
            }
            int endA = digitsEnd(a, i);
            int endB = digitsEnd(b, j);
            String na = stripZeros(a.substring(i, endA));
            String nb = stripZeros(b.substring(j, endB));
            if (na.length() != nb.length()) {
                return Integer.compare(na.length(), nb.length());
            }
            int byValue = na.compareTo(nb);
            if (byValue != 0) {
                return byValue;
            }
            // equal values: fewer leading zeros first
            int byWidth = Integer.compare(endA - i, endB - j);
            if (byWidth != 0) {
                return byWidth;
            }
            i = endA;
            j = endB;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
