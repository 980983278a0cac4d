package dev.berth.cli.copy;


/**
 * Go's path/filepath functions on slash-separated strings, as docker's copy logic uses them:
 * Clean, Dir, Base, Join, and the trailing "/" and "/." conventions of docker cp.
 */
public final class GoPath {

    private GoPath() {
    }

    /** filepath.Clean: purely lexical; "" becomes ".". */
    public static String clean(String path) {
        return dev.berth.dockerfile.ignore.GoPath.clean(path);
    }

    /** filepath.Base: the last element, trailing slashes ignored; "/" for the root, "." for "". */
    public static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return "/";
        }
        int slash = p.lastIndexOf('/');
        return slash >= 0 ? p.substring(slash + 1) : p;
    }

    /** filepath.Dir: everything but the last element, cleaned. */
    public static String dir(String path) {
        return dev.berth.dockerfile.ignore.GoPath.dir(path);
    }

    /** filepath.Join: the non-empty elements joined by "/" and cleaned. */
    public static String join(String first, String second) {
        if (first.isEmpty()) {
            return second.isEmpty() ? "" : clean(second);
        }
        return clean(second.isEmpty() ? first : first + "/" + second);
    }

    public static boolean hasTrailingSeparator(String path) {
        return path.endsWith("/");
    }

    /** The path names the current directory: its last element is ".". */
    public static boolean specifiesCurrentDir(String path) {
        return base(path).equals(".");
    }

    /** A trailing "/" or "/." says the path must be a directory. */
    public static boolean assertsDirectory(String path) {
        return hasTrailingSeparator(path) || specifiesCurrentDir(path);
    }

    /** archive.SplitPathDirEntry: parent and last element, keeping a final "." as the element. */
    public static String[] splitDirEntry(String path) {
        String cleaned = clean(path);
        if (specifiesCurrentDir(path)) {
            cleaned = cleaned.equals("/") ? "/." : cleaned + "/.";
        }
        return new String[] {dir(cleaned), base(cleaned)};
    }

    /** archive.PreserveTrailingDotOrSeparator: puts back the "/." or "/" that Clean removed. */
    public static String preserveTrailingDotOrSeparator(String cleaned, String original) {
        String result = cleaned;
        if (!specifiesCurrentDir(result) && specifiesCurrentDir(original)) {
            if (!hasTrailingSeparator(result)) {
                result += "/";
            }
            result += ".";
        }
        if (!hasTrailingSeparator(result) && hasTrailingSeparator(original)) {
            result += "/";
        }
        return result;
    }

    /** filepath.Abs against the working directory, then the trailing "/" or "/." kept (docker's resolveLocalPath). */
    public static String absolute(String path, String workingDirectory) {
        String abs = path.startsWith("/") ? clean(path) : join(workingDirectory, path);
        return preserveTrailingDotOrSeparator(abs, path);
    }
}
