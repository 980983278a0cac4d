package dev.berth.dockerfile.shell;

import dev.berth.dockerfile.syntax.GoText;
import java.util.ArrayList;
import java.util.List;

/**
 * buildkit's wordsStruct: collects the words of a processed string. Unquoted spaces (also those
 * coming from a variable's value) split words; quoted text and escaped characters never do.
 */
final class WordCollector {
    private final StringBuilder word = new StringBuilder();
    private final List<String> words = new ArrayList<>();
    private boolean inWord;

    void addChar(int ch) {
        if (GoText.isSpace(ch) && inWord) {
            if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
        } else if (!GoText.isSpace(ch)) {
            addRawChar(ch);
        }
    }

    void addRawChar(int ch) {
        word.appendCodePoint(ch);
        inWord = true;
    }

    void addString(String s) {
        s.codePoints().forEach(this::addChar);
    }

    void addRawString(String s) {
        word.append(s);
        inWord = true;
    }

    List<String> words() {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
        }
        return words;
    }
}
