package io.ticketflow.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HumanHandoffDetectorTest {
  private final HumanHandoffDetector detector = new HumanHandoffDetector();

  @ParameterizedTest
  @ValueSource(strings = {
      "转人工", "帮我转人工客服", "我要人工服务", "人工客服在吗", "能不能找人工", "接人工", "我要找真人客服",
      "我要投诉", "我想投诉你们的快递员", "投诉你们！", "叫你们经理出来", "我不要和机器人说话", "不想跟机器人聊了",
      "Can I talk to a human?", "I want to speak to a person", "let me speak with an agent", "agent please",
      "Agent, please!", "I need a real person", "connect me to a representative", "transfer me to a human",
      "human", "Representative.", "I want to file a complaint", "I would like to complain about the delivery",
      "chat with a live agent", "stop the bot", "put me through to a manager",
  })
  void detectsRequestsForAPerson(String text) {
    assertThat(detector.isHandoffRequest(text)).as(text).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "客服电话是多少", "你们的人工费怎么算", "人工智能是什么", "退款政策是什么", "我的订单号 20231105123", "几点开门",
      "工作人员什么时候上门", "这个人工成本太高了吧", "投诉渠道的邮箱在哪里查看规则", "客服几点下班",
      "How do refunds work?", "My travel agent booked this", "Is this human-readable?", "what are your opening hours",
      "What does the agent fee cover?", "human resources department address", "I talked to a friend about it",
      "Do you ship to Canada?", "Can a person return two items?", "the person at the door was rude but ok",
      "where is my parcel", "How much is the $19.99 plan on 2024-05-01?",
  })
  void ignoresOrdinaryQuestionsAndNearMisses(String text) {
    assertThat(detector.isHandoffRequest(text)).as(text).isFalse();
  }
}
