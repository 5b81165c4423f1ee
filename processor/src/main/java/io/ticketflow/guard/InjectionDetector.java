package io.ticketflow.guard;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Heuristics for prompt injection, system-prompt extraction and abuse, in Chinese and English,
 * read on {@link GuardText}'s form (full-width, Traditional, spaced-out and zero-width variants
 * match the same rule). Injection and extraction block the automatic answer (escalated as
 * GUARD_BLOCKED), so a rule needs wording aimed at the assistant, not a word a device question
 * also uses ("系统提示", "developer mode", "越狱"); abuse is only flagged, since an angry customer
 * still deserves an answer.
 */
public final class InjectionDetector {

  /** What was seen; {@link #blocks()} says whether it stops automatic answering. */
  public enum Flag {
    IGNORE_INSTRUCTIONS(true),
    PROMPT_EXTRACTION(true),
    ROLE_OVERRIDE(true),
    ABUSE(false);

    private final boolean blocks;

    Flag(boolean blocks) {
      this.blocks = blocks;
    }

    public boolean blocks() {
      return blocks;
    }
  }

  /**
   * @param anchors literals of which every match of {@code pattern} contains at least one: a
   *     text without any of them is not scanned with the regex, the expensive part (most texts)
   */
  private record Rule(Flag flag, List<String> anchors, Pattern pattern) {
    boolean matches(String text) {
      for (String anchor : anchors) {
        if (text.contains(anchor)) {
          return pattern.matcher(text).find();
        }
      }
      return false;
    }
  }

  private static final List<Rule> RULES = List.of(
      // "Ignore all previous instructions": the object is the assistant's (the customer's own "my
      // previous instructions" or "之前的要求" is a correction, not an attack). Words may be joined
      // (a zero-width space between them is removed by normalizing).
      rule(Flag.IGNORE_INSTRUCTIONS, List.of("ignore", "disregard", "forget", "override", "bypass"),
          "\\b(ignore|disregard|forget|override|bypass)\\s*(all\\s*|any\\s*)?(of\\s*)?(the\\s*|your\\s*)?"
          + "(previous|prior|above|earlier|preceding|original|system)\\s*"
          + "(instructions?|prompts?|rules|directions|guidelines|messages?\\s*and\\s*instructions)"),
      rule(Flag.IGNORE_INSTRUCTIONS, List.of("ignore", "disregard", "forget"),
          "\\b(ignore|disregard)\\s+(all|your)\\s+(instructions|rules|guidelines)"
          + "|\\b(ignore|disregard|forget)\\s+(all\\s+)?(the\\s+|your\\s+)?(instructions|rules|prompts?|guidelines)"
          + "\\s+(above|before|given\\s+(to\\s+you|before|above))"
          + "|\\b(ignore|disregard|forget)\\s+(everything|anything|all)\\s+(above|before\\s+this|you\\s+were\\s+told)"),
      // 设定 must be the object, not the verb of "之前设定的密码" (a password set before).
      rule(Flag.IGNORE_INSTRUCTIONS, List.of("忽略", "无视", "忘记", "忘掉", "理会"),
          "(忽略|无视|忘记|忘掉|不要理会|不用理会)掉?你?(所有|全部|一切)?的?"
          + "(之前|以上|上述|以前|此前|前面|上面|先前|原来|原有|原先|刚才)?的?(所有|全部|一切)?的?"
          + "(指令|指示|提示词|规则|设定(?!的))"),
      rule(Flag.PROMPT_EXTRACTION, List.of("prompt", "instructions"),
          "\\b(reveal|show|print|repeat|output|tell\\s+me|display|leak|what\\s+(is|are))\\s+"
          + "(me\\s+)?(your|the)\\s+(system\\s+prompt|initial\\s+prompt|hidden\\s+prompt|original\\s+instructions|"
          + "system\\s+instructions|instructions\\s+above|prompt)"),
      rule(Flag.PROMPT_EXTRACTION, List.of("prompt"), "\\bsystem\\s*prompt\\b"),
      // The assistant's prompt, not "系统提示存储空间不足" (the phone's system shows a message).
      rule(Flag.PROMPT_EXTRACTION, List.of("指令", "提示", "设定"),
          "系统提示词|初始指令|隐藏指令|你的(系统提示|提示词|系统指令)|你的指令是什么"
          + "|(输出|打印|告诉我|显示|重复|发给我)你的(提示|指令|设定)"),
      // Role play and "modes" need a sign that the assistant is addressed: "pretend to be a pirate"
      // (a costume), "developer mode on my phone" and "越狱后还能保修吗" are ordinary questions.
      rule(Flag.ROLE_OVERRIDE, List.of("now", "pretend", "act", "developer", "jailbr", "dan"),
          "\\byou\\s+are\\s+now\\s+(dan|in\\s+\\w+\\s+mode|an?\\s+(unrestricted|unfiltered|uncensored|jailbroken|evil"
          + "|different|new))\\b"
          + "|\\bfrom\\s+now\\s+on,?\\s+you\\s+(are|will\\s+be)\\s+(an?\\s+)?(unrestricted|unfiltered|uncensored|jailbroken"
          + "|evil|dan|free|no\\s+longer)\\b"
          + "|\\bfrom\\s+now\\s+on,?\\s+you\\s+(will\\s+)?(act|respond|answer|reply|behave|ignore|pretend|role-?play)\\b"
          + "|\\byou\\s+(to\\s+|will\\s+|must\\s+|should\\s+|can\\s+|could\\s+|need\\s+to\\s+)?pretend\\b"
          + "|\\bpretend\\s+(that\\s+)?you\\b"
          + "|\\bact\\s+as\\s+(an?\\s+)?(unrestricted|unfiltered|jailbroken|evil|dan)\\b"
          + "|^\\W*(please\\s+)?(enable|enter|activate|switch\\s+to|turn\\s+on)\\s+(the\\s+)?developer\\s+mode\\W*$"
          + "|\\byou\\s+(are|re|'re)\\s+(now\\s+)?in\\s+developer\\s+mode|developer\\s+mode\\s+(ai|assistant|chatgpt|gpt)"
          + "|\\bjailbreak\\s+(yourself|the\\s+(ai|assistant|bot|model)|prompt|mode)\\b|\\byou\\s+are\\s+(now\\s+)?jailbroken"
          + "|\\b(you\\s+are|act\\s+as|become)\\s+(now\\s+)?dan\\b|\\bdan\\s+mode\\b|\\byou\\s+can\\s+do\\s+anything\\s+now\\b"),
      rule(Flag.ROLE_OVERRIDE, List.of("现在", "假装", "扮演", "开发者", "越狱"),
          "从现在(开始|起)你(是|就是|扮演|将是)|你现在是一个|假装你是|扮演一个没有"
          + "|^\\p{P}*请?(进入|开启|启用|切换到)开发者模式\\p{P}*$|你(现在)?(已经)?(进入|处于|在)开发者模式"
          + "|开发者模式.{0,8}(没有|不受|无)(任何)?限制|越狱模式|越狱提示词|你(已经|现在)?(被)?越狱"),
      rule(Flag.ABUSE, List.of("fuck", "shit", "bitch", "asshole", "bastard", "dickhead"),
          "\\b(fuck\\w*|shit|shits|shitty|bullshit|bitch\\w*|asshole\\w*|bastard\\w*|motherfuck\\w*|dickhead)\\b"),
      rule(Flag.ABUSE, List.of("傻逼", "傻b", "煞笔", "操你", "草你妈", "他妈的", "去死", "滚蛋", "王八蛋", "狗东西", "垃圾东西", "脑残"),
          "(傻逼|傻b|煞笔|操你|草你妈|他妈的|去死|滚蛋|王八蛋|狗东西|垃圾东西|脑残)"));

  private static Rule rule(Flag flag, List<String> anchors, String regex) {
    return new Rule(flag, anchors, Pattern.compile(regex));
  }

  /** All flags raised by {@code text}; empty when it looks harmless. */
  public Set<Flag> detect(String text) {
    return text == null ? EnumSet.noneOf(Flag.class) : detectNormalized(GuardText.normalize(text));
  }

  /** {@link #detect} on text {@link GuardText#normalize}d already (the guard does it once). */
  Set<Flag> detectNormalized(String text) {
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    for (Rule rule : RULES) {
      if (!flags.contains(rule.flag()) && rule.matches(text)) {
        flags.add(rule.flag());
      }
    }
    return flags;
  }

  /** Whether any of {@code flags} stops automatic answering. */
  public static boolean blocks(Set<Flag> flags) {
    for (Flag flag : flags) {
      if (flag.blocks()) {
        return true;
      }
    }
    return false;
  }
}
