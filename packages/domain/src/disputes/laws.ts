/**
 * Law text quoted in the pre-litigation notice (告知书 and SMS, seed 002: "pre-litigation SMS with the
 * law's text"). 人民调解法 (2010) [reference/cn_governance.md §5.2].
 */
export const MEDIATION_NOTICE_LAWS = [
  {
    name: '中华人民共和国人民调解法',
    article: '第四条',
    text: '人民调解委员会调解民间纠纷，不收取任何费用。',
  },
  {
    name: '中华人民共和国人民调解法',
    article: '第十七条',
    text: '当事人可以向人民调解委员会申请调解；人民调解委员会也可以主动调解。当事人一方明确拒绝调解的，不得调解。',
  },
  {
    name: '中华人民共和国人民调解法',
    article: '第三十一条',
    text: '经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。人民调解委员会应当对调解协议的履行情况进行监督，督促当事人履行约定的义务。',
  },
  {
    name: '中华人民共和国人民调解法',
    article: '第三十三条第一款',
    text: '经人民调解委员会调解达成调解协议后，双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认，人民法院应当及时对调解协议进行审查，依法确认调解协议的效力。',
  },
] as const;

/** The same in one SMS-sized sentence. */
export const MEDIATION_NOTICE_SMS =
  '依据《人民调解法》：调解不收取任何费用（第四条）；当事人一方明确拒绝调解的，不得调解（第十七条）；达成的调解协议具有法律约束力（第三十一条），可自协议生效之日起三十日内共同申请司法确认（第三十三条）。';
