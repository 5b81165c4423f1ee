package io.ticketflow.guard;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a customer explicitly asking for a person ("转人工", "talk to a human", "我要投诉").
 * Phrases, not single words: "客服电话是多少" (what is the support number) or "my travel agent"
 * are questions the FAQ may answer, not hand-off requests.
 */
public final class HumanHandoffDetector {
  private static final List<Pattern> PATTERNS = List.of(
      // Chinese: asking for a person, or announcing a complaint.
      Pattern.compile("转人工|接人工|找人工|要人工|人工客服|人工服务|人工坐席|真人客服|真人服务|找真人|和真人|跟真人"),
      Pattern.compile("我要投诉|我想投诉|投诉你们|要投诉|(找|叫)(你们)?的?(经理|主管|领导)"),
      Pattern.compile("不要(和|跟)?机器人|不想(和|跟)机器人|别用机器人|不要自动回复"),
      // English.
      Pattern.compile("\\b(talk|speak|chat)\\s+(to|with)\\s+(a\\s+|an\\s+|some\\s*one\\s*|a\\s+real\\s+|a\\s+live\\s+)?"
          + "(human|person|agent|representative|rep|operator|someone|somebody|real\\s+person)\\b"),
      Pattern.compile("\\b(human|live|real)\\s+(agent|person|support|operator|representative|being)\\b"),
      Pattern.compile("\\b(agent|human|representative|operator)\\s*,?\\s*please\\b"),
      Pattern.compile("\\b(connect|transfer|put)\\s+me\\s+(to|through\\s+to|with)\\s+(a\\s+|an\\s+)?"
          + "(human|agent|person|representative|operator|manager|supervisor)\\b"),
      Pattern.compile("\\bi\\s+(want|would\\s+like|wish|need)\\s+to\\s+(file\\s+a\\s+|make\\s+a\\s+)?complain"),
      Pattern.compile("\\b(stop|no\\s+more)\\s+(the\\s+)?(bot|robot|automated)\\b"),
      Pattern.compile("^\\s*(human|agent|representative|operator)\\s*[.!?]*\\s*$"));

  /** All phrases as one alternation: one scan of the text instead of one per phrase. */
  private static final Pattern ANY = Pattern.compile(PATTERNS.stream().map(p -> "(?:" + p.pattern() + ")")
      .collect(java.util.stream.Collectors.joining("|")));

  /**
   * Every match of {@link #PATTERNS} contains one of these (the nouns a hand-off request names),
   * so a text without any of them is not scanned with the regex, the expensive part.
   */
  private static final List<String> ANCHORS = List.of("人工", "真人", "投诉", "经理", "主管", "领导", "机器人", "自动回复",
      "human", "person", "agent", "rep", "operator", "some", "support", "being", "manager", "supervisor", "complain",
      "bot", "automated");

  /** The phrase that asks for a person, if any. */
  public Optional<String> detect(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String anchor : ANCHORS) {
      if (lower.contains(anchor)) {
        Matcher m = ANY.matcher(lower);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  public boolean isHandoffRequest(String text) {
    return detect(text).isPresent();
  }
}
