package io.ticketflow.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Transliterator;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HumanHandoffDetectorTest {
  private static final String[] REQUESTS_ZH = {
      "转人工", "帮我转人工客服", "我要人工服务", "人工客服在吗", "能不能找人工", "接人工", "我要找真人客服",
      "我要投诉", "我想投诉你们的快递员", "投诉你们！", "叫你们经理出来", "我不要和机器人说话", "不想跟机器人聊了",
      // the whole message, spaced out, or after "no" in its own clause
      "人工", "人工！", "转 人工", "要不要转人工？转人工", "不用了，转人工", "我们要投诉",
  };

  private static final String[] REQUESTS_EN = {
      "Can I talk to a human?", "I want to speak to a person", "let me speak with an agent", "agent please",
      "Agent, please!", "I need a real person", "connect me to a representative", "transfer me to a human",
      "human", "Representative.", "I want to file a complaint", "I would like to complain about the delivery",
      "chat with a live agent", "stop the bot", "put me through to a manager",
      "I want to speak to a manager", "let me speak to your supervisor", "agent pls", "I want a human",
      "talk to customer service", "ｔａｌｋ ｔｏ ａ ｈｕｍａｎ", "I don't want the bot, I want a human",
  };

  private static final String[] ORDINARY = {
      "客服电话是多少", "你们的人工费怎么算", "人工智能是什么", "退款政策是什么", "我的订单号 20231105123", "几点开门",
      "工作人员什么时候上门", "这个人工成本太高了吧", "投诉渠道的邮箱在哪里查看规则", "客服几点下班",
      "How do refunds work?", "My travel agent booked this", "Is this human-readable?", "what are your opening hours",
      "What does the agent fee cover?", "human resources department address", "I talked to a friend about it",
      "Do you ship to Canada?", "Can a person return two items?", "the person at the door was rude but ok",
      "where is my parcel", "How much is the $19.99 plan on 2024-05-01?",
      // negated, reported, or a question about complaining rather than a complaint
      "I don't want to talk to a human, just tell me the refund policy",
      "I don’t need to speak to an agent, the FAQ is fine",
      "A human agent told me the refund takes 3 days, is that right?",
      "快递丢了需要投诉吗？", "我不是要投诉，只是想问问退款", "我不需要人工客服，谢谢", "别转人工了，我自己查",
      // "stop automated" renewals or e-mails, an agent of another trade, a life-size doll
      "How do I stop automated renewal?", "please stop automated emails", "Can you recommend a travel agent please?",
      "这个玩偶和真人一样高吗", "人工费用是多少",
  };

  private static final Transliterator TO_TRADITIONAL = Transliterator.getInstance("Simplified-Traditional");

  private final HumanHandoffDetector detector = new HumanHandoffDetector();

  static Stream<String> requests() {
    return Stream.concat(Arrays.stream(REQUESTS_ZH), Arrays.stream(REQUESTS_EN));
  }

  static Stream<String> requestsInTraditionalChinese() {
    return Arrays.stream(REQUESTS_ZH).map(TO_TRADITIONAL::transliterate);
  }

  static Stream<String> ordinary() {
    return Stream.concat(Arrays.stream(ORDINARY), Arrays.stream(ORDINARY).map(TO_TRADITIONAL::transliterate));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void detectsRequestsForAPerson(String text) {
    assertThat(detector.isHandoffRequest(text)).as(text).isTrue();
  }

  @ParameterizedTest
  @MethodSource("requestsInTraditionalChinese")
  void detectsRequestsWrittenInTraditionalChinese(String text) {
    assertThat(detector.isHandoffRequest(text)).as(text).isTrue();
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void ignoresOrdinaryQuestionsNearMissesAndNegations(String text) {
    assertThat(detector.detect(text)).as(text).isEmpty();
  }
}
