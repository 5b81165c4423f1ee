package io.ticketflow.guard;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a customer explicitly asking for a person ("转人工", "talk to a human", "我要投诉").
 * Phrases, not single words: "客服电话是多少" (what is the support number), "my travel agent" or
 * "a human agent told me" are questions the FAQ may answer, not hand-off requests; nor is a request
 * the customer negates ("I don't want to talk to a human", "我不需要人工").
 */
public final class HumanHandoffDetector {
  /** Asking for a person or announcing a complaint; negated when a negation comes right before. */
  private static final Pattern REQUEST = Pattern.compile(String.join("|",
      // Chinese. "人工" alone is a whole message; inside a sentence it is 人工费, 人工智能.
      "(转|接|找|要|换)人工|人工(客服|服务|坐席|座席|接待)|真人(客服|服务)|找真人|(和|跟|与)真人(说话|聊|沟通|对话|交流)",
      "^\\p{P}*人工(吧|呢|啊|呀)?\\p{P}*$",
      "(我|我们)(要|想|必须|一定要)投诉|投诉你们|(找|叫)(你们)?的?(经理|主管|领导)",
      // English, on text whose punctuation is kept ("don't", "agent, please").
      "\\b(talk|speak|chat)\\s+(to|with)\\s+(a\\s+|an\\s+|your\\s+|the\\s+|some\\s*one\\s*|a\\s+real\\s+|a\\s+live\\s+)?"
          + "(human|person|agent|representative|rep|operator|someone|somebody|real\\s+person|manager|supervisor"
          + "|customer\\s+(service|support))\\b",
      "\\bi\\s+(want|need|would\\s+like)\\s+(a|an|to\\s+have\\s+a)\\s+(real\\s+|live\\s+)?"
          + "(human|person|agent|representative|operator)\\b",
      "\\b(connect|transfer|put)\\s+me\\s+(to|through\\s+to|with)\\s+(a\\s+|an\\s+|your\\s+)?"
          + "(human|agent|person|representative|operator|manager|supervisor)\\b",
      "\\bi\\s+(want|would\\s+like|wish|need)\\s+to\\s+(file\\s+a\\s+|make\\s+a\\s+)?complain",
      "^\\W*(an?\\s+)?(live\\s+|real\\s+)?(human|agent|representative|rep|operator|person)\\W*(please|pls|plz|now)?\\W*$"));

  /** Refusing the bot is a request for a person even though it is worded as a negation. */
  private static final Pattern REFUSES_BOT = Pattern.compile(
      "不要(和|跟)?机器人|不想(和|跟)机器人|别用机器人|不要自动回复"
          + "|\\b(stop|no\\s+more|enough\\s+of)\\s+(the\\s+|this\\s+)?"
          + "(bot|robot|chatbot|automated\\s+(replies|responses|answers))\\b");

  /**
   * What ends right before a negated request: "don't want to", "not", "never"; "不", "别", "没",
   * "无需" and up to two more characters ("我不需要人工"). The A-not-A question ("能不能找人工",
   * "要不要转人工") is not a negation.
   */
  private static final Pattern NEGATION_BEFORE = Pattern.compile(
      "(\\b(don\\s?['’]?t|do\\s+not|doesn\\s?['’]?t|didn\\s?['’]?t|won\\s?['’]?t|wouldn\\s?['’]?t|not|never"
          + "|no\\s+need\\s+to)\\s+(\\w+\\s+){0,2}|(?<![能可要是会])(不|别|没|无需)\\p{IsHan}{0,2})$");

  /**
   * Every match of the patterns contains one of these (the nouns a hand-off request names), so a
   * text without any of them is not scanned with the regex, the expensive part.
   */
  private static final List<String> ANCHORS = List.of("人工", "真人", "投诉", "经理", "主管", "领导", "机器人", "自动回复",
      "human", "person", "agent", "rep", "operator", "some", "service", "support", "manager", "supervisor",
      "complain", "bot", "automated");

  /** The phrase that asks for a person, if any. */
  public Optional<String> detect(String text) {
    return text == null ? Optional.empty() : detectNormalized(GuardText.normalize(text));
  }

  public boolean isHandoffRequest(String text) {
    return detect(text).isPresent();
  }

  /** {@link #detect} on text {@link GuardText#normalize}d already (the guard does it once). */
  Optional<String> detectNormalized(String text) {
    for (String anchor : ANCHORS) {
      if (text.contains(anchor)) {
        return find(text);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> find(String text) {
    Matcher refusal = REFUSES_BOT.matcher(text);
    if (refusal.find()) {
      return Optional.of(refusal.group());
    }
    Matcher m = REQUEST.matcher(text);
    Matcher negation = NEGATION_BEFORE.matcher(text);
    while (m.find()) {
      negation.region(Math.max(0, m.start() - 24), m.start());
      if (!negation.find()) {
        return Optional.of(m.group());
      }
    }
    return Optional.empty();
  }
}
