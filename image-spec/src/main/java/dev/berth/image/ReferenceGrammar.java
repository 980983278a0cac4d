package dev.berth.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The reference grammar of distribution/reference (regexp.go, reference.go's Parse), without
 * Docker's normalisation: {@code name [":" tag] ["@" digest]}, where name is
 * {@code [domain "/"] path-component ["/" path-component]*}.
 *
 * <p>The grammar is checked piece by piece rather than with Go's one big regular expression:
 * Java's backtracking engine recurses once per repetition of a group, so that expression
 * overflows the stack on a long hostile input. Each piece below is a flat pattern or a scan.
 */
final class ReferenceGrammar {
    static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST_ALGORITHM_COMPONENT = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern DIGEST_HEX = Pattern.compile("[0-9A-Fa-f]{32,}");
    private static final Pattern DOMAIN_NAME_COMPONENT = Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]");
    private static final Pattern IPV6_ADDRESS = Pattern.compile("\\[[a-fA-F0-9:]+\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    private ReferenceGrammar() {}

    /** The parts of a reference as written: domain is "" when there is none, tag and digest null when absent. */
    record Parts(String domain, String path, String tag, Digest digest) {
        String name() {
            return domain.isEmpty() ? path : domain + "/" + path;
        }
    }

    /** The syntactic split, before the digest is validated; null when {@code s} is not in the grammar. */
    private record Split(String domain, String path, String tag, String digest) {}

    /** distribution/reference's Parse: syntax only, no defaults. */
    static Parts parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidReferenceException(InvalidReferenceException.NAME_EMPTY);
        }
        Split split = split(s);
        if (split == null) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.equals(s) && split(lower) != null) {
                throw new InvalidReferenceException(InvalidReferenceException.NAME_CONTAINS_UPPERCASE);
            }
            throw new InvalidReferenceException(InvalidReferenceException.INVALID_FORMAT);
        }
        if (split.path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(InvalidReferenceException.NAME_TOO_LONG);
        }
        Digest digest = null;
        if (split.digest != null) {
            try {
                digest = Digest.parse(split.digest);
            } catch (InvalidDigestException e) {
                throw new InvalidReferenceException(e.getMessage(), e);
            }
        }
        return new Parts(split.domain, split.path, split.tag, digest);
    }

    /** distribution/reference's WithName: a name without tag or digest. */
    static Parts parseName(String name) {
        Split split = name == null ? null : splitName(name);
        if (split == null) {
            throw new InvalidReferenceException(InvalidReferenceException.INVALID_FORMAT);
        }
        if (split.path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(InvalidReferenceException.NAME_TOO_LONG);
        }
        return new Parts(split.domain, split.path, null, null);
    }

    static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** A bare 64-hex string, which Docker reads as an image id rather than a repository. */
    static boolean isIdentifier(String s) {
        return s != null && IDENTIFIER.matcher(s).matches();
    }

    private static Split split(String s) {
        String rest = s;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!isDigest(digest)) {
                return null;
            }
        }
        String tag = null;
        // The name has a ':' only in its domain (port, IPv6), before its first '/': a later one starts the tag.
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!isTag(tag)) {
                return null;
            }
        }
        Split name = splitName(rest);
        return name == null ? null : new Split(name.domain, name.path, tag, digest);
    }

    /** {@code [domain "/"] remote-name}: the first component is a domain when it is one and the rest is a path (Go's leftmost-first choice). */
    private static Split splitName(String name) {
        int slash = name.indexOf('/');
        if (slash > 0 && isDomainAndPort(name.substring(0, slash)) && isRemoteName(name.substring(slash + 1))) {
            return new Split(name.substring(0, slash), name.substring(slash + 1), null, null);
        }
        return isRemoteName(name) ? new Split("", name, null, null) : null;
    }

    private static boolean isRemoteName(String path) {
        for (String component : path.split("/", -1)) {
            if (!isPathComponent(component)) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9]+ (separator [a-z0-9]+)*} where a separator is ".", "_", "__" or one or more "-". */
    private static boolean isPathComponent(String component) {
        if (component.isEmpty() || !isAlphanumeric(component.charAt(0))
                || !isAlphanumeric(component.charAt(component.length() - 1))) {
            return false;
        }
        int i = 0;
        while (i < component.length()) {
            char c = component.charAt(i);
            if (isAlphanumeric(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < component.length() && !isAlphanumeric(component.charAt(i))) {
                i++;
            }
            String separator = component.substring(start, i);
            boolean valid = separator.equals(".") || separator.equals("_") || separator.equals("__")
                    || separator.chars().allMatch(ch -> ch == '-');
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** host [":" port], host being a DNS-like name, an IPv4 address, or an IPv6 address in brackets. */
    private static boolean isDomainAndPort(String domain) {
        String host = domain;
        if (domain.startsWith("[")) {
            int close = domain.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = domain.substring(0, close + 1);
            if (!IPV6_ADDRESS.matcher(host).matches()) {
                return false;
            }
        } else {
            int colon = domain.indexOf(':');
            host = colon >= 0 ? domain.substring(0, colon) : domain;
            for (String component : host.split("\\.", -1)) {
                if (!DOMAIN_NAME_COMPONENT.matcher(component).matches()) {
                    return false;
                }
            }
        }
        String port = domain.substring(host.length());
        return port.isEmpty() || (port.charAt(0) == ':' && PORT.matcher(port.substring(1)).matches());
    }

    /** {@code algorithm ":" hex}, algorithm being components joined by one of "-_+.", hex at least 32 digits. */
    private static boolean isDigest(String digest) {
        int colon = digest.indexOf(':');
        if (colon <= 0 || !DIGEST_HEX.matcher(digest.substring(colon + 1)).matches()) {
            return false;
        }
        String algorithm = digest.substring(0, colon);
        int start = 0;
        for (int i = 0; i <= algorithm.length(); i++) {
            if (i == algorithm.length() || "-_+.".indexOf(algorithm.charAt(i)) >= 0) {
                if (!DIGEST_ALGORITHM_COMPONENT.matcher(algorithm.substring(start, i)).matches()) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }
}
