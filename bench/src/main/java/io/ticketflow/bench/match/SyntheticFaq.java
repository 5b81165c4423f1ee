package io.ticketflow.bench.match;

import io.ticketflow.schema.FaqEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible large FAQ for the matcher benchmark: distinct customer-service questions built
 * from templates (80 % English, 20 % Chinese), two alternates each, and inquiries that paraphrase
 * them. The texts are realistic in length and vocabulary, which is what the costs depend on.
 */
final class SyntheticFaq {

  static final String TENANT = "bench";

  private static final String[] EN_ACTIONS = {"cancel", "change", "track", "return", "update", "renew",
      "transfer", "close", "verify", "upgrade", "reset", "download", "activate", "pause", "report",
      "replace", "refund", "link", "unlock", "export"};
  private static final String[] EN_THINGS = {"order", "subscription", "password", "credit card",
      "shipping address", "invoice", "account", "phone number", "gift card", "loyalty points",
      "warranty", "router", "printer", "savings account", "loan", "insurance policy", "delivery slot",
      "membership", "email address", "payment plan", "debit card", "mobile app", "statement",
      "coupon", "booking"};
  private static final String[] EN_CONTEXTS = {"online", "in the app", "from abroad", "for my business",
      "after the deadline", "on the website", "for a family member", "without a receipt",
      "on a weekend", "for the second time", "with a new phone", "before it ships", "in another currency",
      "as a student", "after moving", "on a shared account", "during a trip", "for an old order",
      "with a voucher", "by phone"};
  private static final String[] ZH_ACTIONS = {"取消", "修改", "查询", "退回", "更新", "续费", "转移", "注销",
      "验证", "升级"};
  private static final String[] ZH_THINGS = {"订单", "会员", "密码", "信用卡", "收货地址", "发票", "账户",
      "手机号", "礼品卡", "积分", "保修", "路由器", "打印机", "贷款", "保险"};
  private static final String[] ZH_CONTEXTS = {"在网上", "在App里", "在国外", "给公司", "过了期限",
      "给家人", "没有小票", "周末", "第二次", "换了新手机", "发货前", "用外币", "搬家以后", "出差时"};

  private SyntheticFaq() {}

  static List<FaqEntry> entries(int n) {
    List<FaqEntry> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(entry(i));
    }
    return out;
  }

  /** An inquiry and the entry it rewords. */
  record Inquiry(String text, String faqId) {}

  /** Inquiries that reword random entries' questions. */
  static List<Inquiry> inquiries(int n, int faqSize, long seed) {
    Random random = new Random(seed);
    List<Inquiry> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int i = random.nextInt(faqSize);
      String text;
      if (i % 5 == 4) {
        int[] p = zhParts(i);
        text = "请问" + ZH_CONTEXTS[p[2]] + "怎样" + ZH_ACTIONS[p[0]] + "我的" + ZH_THINGS[p[1]];
      } else {
        int[] p = enParts(i);
        text = "hi, I need to " + EN_ACTIONS[p[0]] + " the " + EN_THINGS[p[1]] + " " + EN_CONTEXTS[p[2]] + ", how?";
      }
      out.add(new Inquiry(text, id(i)));
    }
    return out;
  }

  private static String id(int i) {
    return "faq-" + i;
  }

  private static FaqEntry entry(int i) {
    String question;
    List<String> alternates;
    String language;
    if (i % 5 == 4) {
      int[] p = zhParts(i);
      String a = ZH_ACTIONS[p[0]];
      String t = ZH_THINGS[p[1]];
      String c = ZH_CONTEXTS[p[2]];
      question = c + "如何" + a + t;
      alternates = List.of("我想" + c + a + t, c + a + t + "的流程是什么");
      language = "zh";
    } else {
      int[] p = enParts(i);
      String a = EN_ACTIONS[p[0]];
      String t = EN_THINGS[p[1]];
      String c = EN_CONTEXTS[p[2]];
      question = "How do I " + a + " my " + t + " " + c + "?";
      alternates = List.of("I want to " + a + " my " + t + " " + c, "steps to " + a + " a " + t + " " + c);
      language = "en";
    }
    return FaqEntry.newBuilder().setId(id(i)).setTenantId(TENANT).setQuestion(question)
        .setAlternates(alternates).setAnswer("Answer " + i).setLanguage(language).setTags(List.of())
        .setUpdatedAt(Instant.EPOCH).build();
  }

  // Mixed-radix digits of the index: every entry gets a distinct (action, thing, context) triple.
  private static int[] enParts(int i) {
    int j = i / 5 * 4 + i % 5;
    return new int[] {j % EN_ACTIONS.length, (j / EN_ACTIONS.length) % EN_THINGS.length,
        (j / (EN_ACTIONS.length * EN_THINGS.length)) % EN_CONTEXTS.length};
  }

  private static int[] zhParts(int i) {
    int j = i / 5;
    return new int[] {j % ZH_ACTIONS.length, (j / ZH_ACTIONS.length) % ZH_THINGS.length,
        (j / (ZH_ACTIONS.length * ZH_THINGS.length)) % ZH_CONTEXTS.length};
  }
}
