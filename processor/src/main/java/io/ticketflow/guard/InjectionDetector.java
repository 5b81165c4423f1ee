package io.ticketflow.guard;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Heuristics for prompt injection, system-prompt extraction and abuse, in Chinese and English.
 * Injection and extraction block the automatic answer (escalated as GUARD_BLOCKED); abuse is only
 * flagged, since an angry customer still deserves an answer.
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
    boolean matches(String lower) {
      for (String anchor : anchors) {
        if (lower.contains(anchor)) {
          return pattern.matcher(lower).find();
        }
      }
      return false;
    }
  }

  private static final List<Rule> RULES = List.of(
      rule(Flag.IGNORE_INSTRUCTIONS, List.of("ignore", "disregard", "forget", "override", "bypass"),
          "\\b(ignore|disregard|forget|override|bypass)\\s+(all\\s+|any\\s+)?(of\\s+)?"
          + "(the\\s+|your\\s+|my\\s+)?(previous|prior|above|earlier|preceding|original|system)\\s+"
          + "(instructions?|prompts?|rules|directions|guidelines|messages?\\s+and\\s+instructions)"),
      rule(Flag.IGNORE_INSTRUCTIONS, List.of("ignore", "disregard"),
          "\\b(ignore|disregard)\\s+(all\\s+|your\\s+)(instructions|rules|guidelines)"),
      rule(Flag.IGNORE_INSTRUCTIONS, List.of("忽略", "无视", "忘记", "忘掉", "不要理会", "跳过"),
          "(忽略|无视|忘记|忘掉|不要理会|跳过)(掉)?(你)?(之前|以上|前面|上面|先前|原来|所有|全部)?的?(所有|全部)?的?"
          + "(指令|指示|提示词?|规则|设定|要求)"),
      rule(Flag.PROMPT_EXTRACTION, List.of("prompt", "instructions"),
          "\\b(reveal|show|print|repeat|output|tell\\s+me|display|leak|what\\s+(is|are))\\s+"
          + "(me\\s+)?(your|the)\\s+(system\\s+prompt|initial\\s+prompt|hidden\\s+prompt|original\\s+instructions|"
          + "system\\s+instructions|instructions\\s+above|prompt)"),
      rule(Flag.PROMPT_EXTRACTION, List.of("prompt"), "\\bsystem\\s+prompt\\b"),
      rule(Flag.PROMPT_EXTRACTION, List.of("指令", "提示", "设定"),
          "(系统提示词?|系统指令|初始指令|隐藏指令|你的提示词|你的指令是什么|(输出|打印|告诉我|显示|重复)你的(提示词?|指令|设定))"),
      rule(Flag.ROLE_OVERRIDE, List.of("now", "pretend", "act", "developer", "jailbreak"),
          "\\b(you\\s+are\\s+now\\s+(dan|in\\s+\\w+\\s+mode|an?\\s+(unrestricted|unfiltered|uncensored|jailbroken|evil|different|new))|from\\s+now\\s+on\\s+you\\s+(are|will)|pretend\\s+(you\\s+are|to\\s+be)|"
          + "act\\s+as\\s+(an?\\s+)?(unrestricted|unfiltered|jailbroken|evil|dan)|developer\\s+mode|jailbreak|do\\s+anything\\s+now)\\b"),
      rule(Flag.ROLE_OVERRIDE, List.of("现在", "假装", "扮演", "开发者", "越狱"),
          "(从现在(开始|起)你(是|就是|扮演)|你现在是一个|假装你是|扮演一个没有|开发者模式|越狱)"),
      rule(Flag.ABUSE, List.of("fuck", "shit", "bitch", "asshole", "bastard", "dickhead"),
          "\\b(fuck\\w*|shit|shits|shitty|bullshit|bitch\\w*|asshole\\w*|bastard\\w*|motherfuck\\w*|dickhead)\\b"),
      rule(Flag.ABUSE, List.of("傻逼", "傻b", "煞笔", "操你", "草你妈", "他妈的", "去死", "滚蛋", "王八蛋", "狗东西", "垃圾东西", "脑残"),
          "(傻逼|傻b|煞笔|操你|草你妈|他妈的|去死|滚蛋|王八蛋|狗东西|垃圾东西|脑残)"));

  private static Rule rule(Flag flag, List<String> anchors, String regex) {
    return new Rule(flag, anchors, Pattern.compile(regex));
  }

  /** All flags raised by {@code text}; empty when it looks harmless. */
  public Set<Flag> detect(String text) {
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    if (text == null) {
      return flags;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (Rule rule : RULES) {
      if (!flags.contains(rule.flag()) && rule.matches(lower)) {
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
