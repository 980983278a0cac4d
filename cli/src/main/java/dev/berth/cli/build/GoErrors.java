package dev.berth.cli.build;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The errno text Go prints for a failed file operation, from Java's exception. */
final class GoErrors {
    private GoErrors() {
    }

    static String text(Exception e) {
        return switch (e) {
            case NoSuchFileException ignored -> "no such file or directory";
            case AccessDeniedException ignored -> "permission denied";
            case NotDirectoryException ignored -> "not a directory";
            case FileSystemException fs when fs.getReason() != null -> fs.getReason().toLowerCase(java.util.Locale.ROOT);
            default -> e.getMessage() != null ? e.getMessage() : e.toString();
        };
    }
}
