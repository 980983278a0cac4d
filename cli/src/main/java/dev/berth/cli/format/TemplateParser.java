package dev.berth.cli.format;

import dev.berth.cli.format.TemplateNode.Action;
import dev.berth.cli.format.TemplateNode.Command;
import dev.berth.cli.format.TemplateNode.Dot;
import dev.berth.cli.format.TemplateNode.Field;
import dev.berth.cli.format.TemplateNode.Function;
import dev.berth.cli.format.TemplateNode.If;
import dev.berth.cli.format.TemplateNode.Literal;
import dev.berth.cli.format.TemplateNode.Nested;
import dev.berth.cli.format.TemplateNode.Operand;
import dev.berth.cli.format.TemplateNode.Pipeline;
import dev.berth.cli.format.TemplateNode.Range;
import dev.berth.cli.format.TemplateNode.Text;
import dev.berth.cli.format.TemplateNode.Variable;
import dev.berth.cli.format.TemplateNode.With;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses the subset of Go's text/template that docker's --format uses. */
final class TemplateParser {

    private enum Kind { FIELD, VARIABLE, STRING, NUMBER, IDENT, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, DOT, EOF }

    private record Token(Kind kind, String text, boolean spaceBefore) {
    }

    /** A piece of the template: literal text, or the inside of {{ }} with its line. */
    private record Piece(String text, boolean action, int line) {
    }

    private final String source;
    private final Set<String> functions;
    private List<Piece> pieces;
    private int pieceIndex;

    TemplateParser(String source, Set<String> functions) {
        this.source = source;
        this.functions = functions;
    }

    List<TemplateNode> parse() {
        pieces = split(source);
        pieceIndex = 0;
        List<TemplateNode> nodes = new ArrayList<>();
        String end = parseList(nodes);
        if (end != null) {
            throw error(currentLine(), "unexpected {{" + end + "}}");
        }
        return nodes;
    }

    private int currentLine() {
        return pieceIndex > 0 && pieceIndex <= pieces.size() ? pieces.get(pieceIndex - 1).line : 1;
    }

    private static TemplateException error(int line, String message) {
        return new TemplateException("template: :" + line + ": " + message);
    }

    /** Splits text and actions, applying the {{- and -}} whitespace trims and dropping comments. */
    private List<Piece> split(String text) {
        List<Piece> out = new ArrayList<>();
        int pos = 0;
        int line = 1;
        boolean trimNextText = false;
        while (pos <= text.length()) {
            int open = text.indexOf("{{", pos);
            String literal = open < 0 ? text.substring(pos) : text.substring(pos, open);
            boolean trimLeft = open >= 0 && text.startsWith("{{- ", open);
            if (trimNextText) {
                literal = literal.stripLeading();
            }
            if (trimLeft) {
                literal = literal.stripTrailing();
            }
            if (!literal.isEmpty()) {
                out.add(new Piece(literal, false, line));
            }
            line += count(text.substring(pos, open < 0 ? text.length() : open), '\n');
            if (open < 0) {
                break;
            }
            int start = open + (trimLeft ? 4 : 2);
            int close = findClose(text, start);
            if (close < 0) {
                throw error(line, "unclosed action");
            }
            boolean trimRight = close - 2 >= start && text.startsWith(" -", close - 2);
            String inside = text.substring(start, trimRight ? close - 2 : close).strip();
            int actionLine = line;
            line += count(text.substring(open, close), '\n');
            pos = close + 2;
            trimNextText = trimRight;
            if (inside.startsWith("/*")) {
                if (!inside.endsWith("*/")) {
                    throw error(actionLine, "unclosed comment");
                }
                continue;
            }
            out.add(new Piece(inside, true, actionLine));
        }
        return out;
    }

    /** Index of the }} closing an action, skipping quoted strings. */
    private static int findClose(String text, int from) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`' || c == '\'') {
                quote = c;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** Parses nodes until {{end}} or {{else ...}}; returns that keyword's action text, or null at the end. */
    private String parseList(List<TemplateNode> into) {
        while (pieceIndex < pieces.size()) {
            Piece piece = pieces.get(pieceIndex++);
            if (!piece.action) {
                into.add(new Text(piece.text));
                continue;
            }
            String text = piece.text;
            String keyword = firstWord(text);
            switch (keyword) {
                case "end" -> {
                    requireNoArgs(piece, "end");
                    return "end";
                }
                case "else" -> {
                    return text;
                }
                case "if" -> into.add(parseIf(piece, text.substring(2)));
                case "range" -> {
                    Pipeline p = parsePipeline(text.substring(5), piece.line, true);
                    List<TemplateNode> body = new ArrayList<>();
                    List<TemplateNode> otherwise = new ArrayList<>();
                    parseBranches(piece, "range", body, otherwise);
                    into.add(new Range(p, body, otherwise));
                }
                case "with" -> {
                    Pipeline p = parsePipeline(text.substring(4), piece.line, true);
                    List<TemplateNode> body = new ArrayList<>();
                    List<TemplateNode> otherwise = new ArrayList<>();
                    parseBranches(piece, "with", body, otherwise);
                    into.add(new With(p, body, otherwise));
                }
                case "define", "template", "block", "break", "continue" ->
                        throw error(piece.line, "{{" + keyword + "}} is not supported");
                default -> {
                    if (text.isEmpty()) {
                        throw error(piece.line, "missing value for command");
                    }
                    into.add(new Action(parsePipeline(text, piece.line, true)));
                }
            }
        }
        return null;
    }

    private void requireNoArgs(Piece piece, String keyword) {
        if (!piece.text.equals(keyword)) {
            throw error(piece.line, "unexpected " + piece.text.substring(keyword.length()).strip() + " in " + keyword);
        }
    }

    private If parseIf(Piece piece, String conditionText) {
        Pipeline condition = parsePipeline(conditionText, piece.line, true);
        List<TemplateNode> then = new ArrayList<>();
        List<TemplateNode> otherwise = new ArrayList<>();
        String end = parseList(then);
        if (end == null) {
            throw error(piece.line, "unexpected EOF");
        }
        if (!end.equals("end")) {
            String rest = end.substring(4).strip();
            if (rest.startsWith("if ") || rest.equals("if")) {
                // {{else if x}} nests an if that shares this one's {{end}}
                otherwise.add(parseIf(piece, rest.substring(2)));
            } else {
                if (!rest.isEmpty()) {
                    throw error(piece.line, "unexpected " + rest + " in else");
                }
                String close = parseList(otherwise);
                if (!"end".equals(close)) {
                    throw error(piece.line, close == null ? "unexpected EOF" : "expected end; found {{" + close + "}}");
                }
            }
        }
        return new If(condition, then, otherwise);
    }

    private void parseBranches(Piece piece, String keyword, List<TemplateNode> body, List<TemplateNode> otherwise) {
        String end = parseList(body);
        if (end == null) {
            throw error(piece.line, "unexpected EOF in " + keyword);
        }
        if (!end.equals("end")) {
            if (!end.equals("else")) {
                throw error(piece.line, "unexpected " + end.substring(4).strip() + " in else");
            }
            String close = parseList(otherwise);
            if (!"end".equals(close)) {
                throw error(piece.line, close == null ? "unexpected EOF" : "expected end; found {{" + close + "}}");
            }
        }
    }

    private static String firstWord(String text) {
        int i = 0;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            i++;
        }
        String word = text.substring(0, i);
        boolean endsWord = i == text.length() || !isIdentChar(text.charAt(i));
        return endsWord ? word : "";
    }

    // ---------------------------------------------------------------- pipelines

    private List<Token> tokens;
    private int tokenIndex;
    private int pipelineLine;

    private Pipeline parsePipeline(String text, int line, boolean allowDeclaration) {
        List<Token> savedTokens = tokens;
        int savedIndex = tokenIndex;
        tokens = lex(text, line);
        tokenIndex = 0;
        pipelineLine = line;
        try {
            Pipeline p = pipeline(text, allowDeclaration);
            if (peek().kind != Kind.EOF) {
                throw error(line, "unexpected " + describe(peek()) + " in command");
            }
            return p;
        } finally {
            tokens = savedTokens;
            tokenIndex = savedIndex;
        }
    }

    private Pipeline pipeline(String text, boolean allowDeclaration) {
        List<String> variables = new ArrayList<>();
        boolean declare = false;
        if (allowDeclaration && peek().kind == Kind.VARIABLE) {
            int save = tokenIndex;
            List<String> names = new ArrayList<>();
            names.add(next().text);
            if (peek().kind == Kind.COMMA) {
                next();
                if (peek().kind == Kind.VARIABLE) {
                    names.add(next().text);
                }
            }
            if (peek().kind == Kind.DECLARE || peek().kind == Kind.ASSIGN) {
                declare = next().kind == Kind.DECLARE;
                variables = names;
            } else {
                tokenIndex = save;
            }
        }
        List<Command> commands = new ArrayList<>();
        while (true) {
            commands.add(command());
            if (peek().kind == Kind.PIPE) {
                next();
                continue;
            }
            break;
        }
        return new Pipeline(variables, declare, commands, pipelineLine, text.strip());
    }

    private Command command() {
        List<Operand> operands = new ArrayList<>();
        while (true) {
            Kind k = peek().kind;
            if (k == Kind.EOF || k == Kind.PIPE || k == Kind.RPAREN) {
                break;
            }
            operands.add(operand());
        }
        if (operands.isEmpty()) {
            throw error(pipelineLine, "missing value for command");
        }
        return new Command(operands);
    }

    private Operand operand() {
        Token t = next();
        return switch (t.kind) {
            case DOT -> new Dot();
            case FIELD -> {
                List<String> names = new ArrayList<>();
                names.add(t.text);
                names.addAll(chain());
                yield new Field(names);
            }
            case VARIABLE -> new Variable(t.text, chain());
            case STRING -> new Literal(t.text);
            case NUMBER -> new Literal(parseNumber(t.text));
            case IDENT -> switch (t.text) {
                case "true" -> new Literal(Boolean.TRUE);
                case "false" -> new Literal(Boolean.FALSE);
                case "nil" -> new Literal(null);
                default -> {
                    if (!functions.contains(t.text)) {
                        throw error(pipelineLine, "function \"" + t.text + "\" not defined");
                    }
                    yield new Function(t.text);
                }
            };
            case LPAREN -> {
                Pipeline inner = pipeline("", false);
                if (next().kind != Kind.RPAREN) {
                    throw error(pipelineLine, "unclosed left paren");
                }
                yield new Nested(inner, chain());
            }
            default -> throw error(pipelineLine, "unexpected " + describe(t) + " in operand");
        };
    }

    /** Field names written directly after an operand: (x).A.B or $v.A. */
    private List<String> chain() {
        List<String> names = new ArrayList<>();
        while (peek().kind == Kind.FIELD && !peek().spaceBefore) {
            names.add(next().text);
        }
        return names;
    }

    private Object parseNumber(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            if (text.contains(".") || text.contains("e") || text.contains("E")) {
                return Double.parseDouble(text);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(pipelineLine, "bad number syntax: " + text);
        }
    }

    private Token peek() {
        return tokens.get(tokenIndex);
    }

    private Token next() {
        Token t = tokens.get(tokenIndex);
        if (t.kind != Kind.EOF) {
            tokenIndex++;
        }
        return t;
    }

    private static String describe(Token t) {
        return switch (t.kind) {
            case EOF -> "end of action";
            case STRING -> "quoted string";
            default -> "\"" + t.text + "\"";
        };
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private List<Token> lex(String text, int line) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        boolean space = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            int start = i;
            if (c == '.') {
                i++;
                while (i < text.length() && isIdentChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    if (i < text.length() && Character.isDigit(text.charAt(i))) {
                        throw error(line, "bad number syntax");
                    }
                    out.add(new Token(Kind.DOT, ".", space));
                } else {
                    out.add(new Token(Kind.FIELD, text.substring(start + 1, i), space));
                }
            } else if (c == '$') {
                i++;
                while (i < text.length() && isIdentChar(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.VARIABLE, text.substring(start, i), space));
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw error(line, "unterminated quoted string");
                    }
                    char d = text.charAt(i++);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\') {
                        if (i >= text.length()) {
                            throw error(line, "unterminated quoted string");
                        }
                        char e = text.charAt(i++);
                        switch (e) {
                            case 'n' -> s.append('\n');
                            case 't' -> s.append('\t');
                            case 'r' -> s.append('\r');
                            case '\\' -> s.append('\\');
                            case '"' -> s.append('"');
                            case '\'' -> s.append('\'');
                            case '0' -> s.append('\0');
                            case 'u' -> {
                                if (i + 4 > text.length()) {
                                    throw error(line, "invalid syntax in quoted string");
                                }
                                s.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                                i += 4;
                            }
                            default -> throw error(line, "invalid syntax: unknown escape \\" + e);
                        }
                    } else {
                        s.append(d);
                    }
                }
                out.add(new Token(Kind.STRING, s.toString(), space));
            } else if (c == '`') {
                int close = text.indexOf('`', i + 1);
                if (close < 0) {
                    throw error(line, "unterminated raw quoted string");
                }
                out.add(new Token(Kind.STRING, text.substring(i + 1, close), space));
                i = close + 1;
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close != i + 2) {
                    throw error(line, "malformed character constant");
                }
                out.add(new Token(Kind.NUMBER, Integer.toString(text.charAt(i + 1)), space));
                i = close + 1;
            } else if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                i++;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || ((text.charAt(i) == '-' || text.charAt(i) == '+') && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')))) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(start, i), space));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && isIdentChar(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, text.substring(start, i), space));
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                i += 2;
                out.add(new Token(Kind.DECLARE, ":=", space));
            } else {
                Kind kind = switch (c) {
                    case '|' -> Kind.PIPE;
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '=' -> Kind.ASSIGN;
                    case ',' -> Kind.COMMA;
                    default -> throw error(line, "unexpected \"" + c + "\" in command");
                };
                i++;
                out.add(new Token(kind, String.valueOf(c), space));
            }
            space = false;
        }
        out.add(new Token(Kind.EOF, "", space));
        return out;
    }
}
