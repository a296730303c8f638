"""Source data of the template-variant samples (fictional reports written by the project).

People, meetings and statements are invented; public organisations are named only
as a report would name them.  ``Report.golden`` derives each golden file from this
data (what the pipeline must find), never from the pipeline's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class SampleTable:
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    kind: str = "table"
    names: list[str] = field(default_factory=list)


@dataclass
class Report:
    name: str
    layout: str
    category: str
    title_lines: list[str]
    agency: str
    people: list[tuple[str, str, str, str, str]]  # name, org, unit, title, phone
    destination: str
    countries: list[str]
    places: list[str]
    period_text: str
    period: tuple[str, str]
    report_date_text: str
    report_date: str
    abstract: list[str]
    body: list[tuple]  # ("h", level, printed, number, title) | ("p", text) | ("t", i) | ("page",)
    tables: list[SampleTable] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    contact: tuple[str, str] = ("", "")
    toc_heading: str = "目次"
    footer: str = "- {n} -"
    pages: int = 0
    has_tiyao: bool = False

    def headings(self) -> list[tuple[int, str]]:
        return [(b[1], b[2]) for b in self.body if b[0] == "h"]

    def golden(self, pages: dict[str, int]) -> dict:
        meta = {
            "category": self.category, "title": "".join(self.title_lines), "agency": self.agency,
            "authors": [{"name": p[0], "title": p[3]} for p in self.people],
            "countries": self.countries, "places": self.places,
            "period_start": self.period[0], "period_end": self.period[1],
            "report_date": self.report_date,
        }
        if self.has_tiyao:
            meta["keywords"] = self.keywords
            meta["abstract_starts"] = self.abstract[0][:30]
            meta["contact"] = {"name": self.contact[0], "phone": self.contact[1]}
        top = min(b[1] for b in self.body if b[0] == "h")
        toc = [[t, str(pages.get(t, 1))] for _, t in self.headings()]
        if self.layout not in ("tiyao-table-first", "cover-table"):  # those 目次 have no 表目錄
            toc += [[t.caption, str(pages.get(t.caption, 1))] for t in self.tables]
        if self.layout == "tiyao-only":  # no 目次 at all
            toc = []
        first_para = next(b[1] for b in self.body if b[0] == "p")
        body_has = [first_para[:25]]
        if self.layout in ("shared", "tiyao-lines-after-cover", "cover-table"):
            body_has.append(self.abstract[-1][:25])
        return {
            "file": f"{self.name}.pdf",
            "layout": self.layout,
            "metadata": meta,
            "top_sections": [[b[3], b[4]] for b in self.body if b[0] == "h" and b[1] == top],
            "sections": [[b[3], b[4]] for b in self.body if b[0] == "h"],
            "toc": toc,
            "body_contains": body_has,
            "tables": [{"caption": t.caption, "rows": len(t.rows), "kind": t.kind, "names": t.names}
                       for t in self.tables],
        }


def _h(level: int, printed: str) -> tuple:
    """A heading block; number and title split as the pipeline should report them."""
    m = re.match(r"^(第\s*\S+?\s*[章節]|\d+(?:\.\d+)+|\d+\.|[壹貳參肆伍陸柒捌玖拾]+、|[一二三四五六七八九十]+、"
                 r"|[（(][一二三四五六七八九十]+[)）]|附錄[一二三四五六七八九十]?|附件[一二三四五六七八九十\d]?)\s*(.*)$",
                 printed)
    assert m, printed
    number, title = m.group(1), m.group(2)
    if number.startswith(("附錄", "附件")):
        return ("h", level, printed, "", printed)
    number = re.sub(r"[、.()（）\s]", "", number) if not re.match(r"\d+\.\d", number) else number
    return ("h", level, printed, number, title)


VIETNAM = Report(
    name="shared-cover-abstract-toc",
    layout="shared",
    category="考察",
    title_lines=["赴越南考察電子零組件供應鏈及", "臺商投資環境"],
    agency="經濟部國際貿易署",
    people=[("林雅婷", "經濟部國際貿易署", "新南向推動組", "科長", "(02)2397-7151"),
            ("黃冠中", "經濟部國際貿易署", "新南向推動組", "專員", "(02)2397-7153")],
    destination="越南（胡志明市、河內）",
    countries=["越南"], places=["胡志明市", "河內"],
    period_text="112年5月8日至112年5月12日", period=("2023-05-08", "2023-05-12"),
    report_date_text="112年7月3日", report_date="2023-07-03",
    abstract=[
        "本署為掌握越南電子零組件供應鏈之發展與臺商投資環境之變化，於本年5月派員赴胡志明市及河內，"
        "拜會越南工貿部、胡志明市出口加工區及工業區管理局，並訪問當地臺商與園區業者。",
        "越南近年吸引大量電子業投資，惟電力供應、技術人才與通關效率仍為臺商關切事項。本報告彙整訪談所得，"
        "並就強化雙邊產業合作、協助臺商布局及辦理投資說明會提出建議。",
    ],
    body=[
        _h(1, "壹、目的"),
        ("p", "越南為我國新南向政策之重點國家，電子零組件產業鏈移轉趨勢明顯。本次考察旨在瞭解越南政府之產業政策、"
              "工業區基礎設施與人力供給情形，作為我國協助臺商海外布局之參考。"),
        _h(1, "貳、過程"),
        _h(2, "一、拜會越南工貿部"),
        ("p", "5月8日上午拜會越南工貿部工業司，由副司長說明越南支援性產業發展計畫，雙方就電子零組件在地採購比例、"
              "供應商認證制度及技術移轉獎勵措施交換意見。"),
        _h(2, "二、參訪胡志明市出口加工區"),
        ("p", "5月9日參訪新順出口加工區，園區管理處表示區內廠商以電子、精密機械為主，近年擴建污水處理廠與變電所，"
              "以因應新進廠商之用電需求。"),
        ("t", 0),
        _h(2, "三、訪問河內地區臺商"),
        ("p", "5月11日訪問北寧省兩家臺商電子廠，業者反映當地技術人才流動率偏高，建議我方協助辦理職業訓練合作，"
              "並加強與越南大專院校之產學連結。"),
        _h(1, "參、心得與建議"),
        ("p", "越南具備人口紅利與自由貿易協定網絡之優勢，惟基礎設施仍待補強。建議持續辦理臺越產業合作論壇，"
              "協助臺商取得在地供應商資訊，並研議於河內設置投資服務窗口。"),
    ],
    tables=[SampleTable("表1：新順出口加工區出席人員", ["序號", "單位", "職稱", "姓名"],
                        [["1", "新順出口加工區管理處", "處長", "阮文雄"],
                         ["2", "新順出口加工區管理處", "投資促進科長", "陳氏梅"],
                         ["3", "胡志明市出口加工區及工業區管理局", "副局長", "黎明德"]],
                        [0.6, 2.6, 1.4, 1.2], "attendees", ["阮文雄", "陳氏梅", "黎明德"])],
)


def _decimal_body() -> tuple[list[tuple], list[SampleTable]]:
    chapters = [
        ("計畫緣起", ["氣象雷達技術發展", "資料同化作業需求", "臺美氣象合作備忘錄下之雷達資料交換機制與品質管制程序之檢討及未來推動方向",
                      "本署雷達觀測網現況"]),
        ("行程概要", ["波士頓地區參訪", "華盛頓地區參訪", "科羅拉多州波德市參訪", "返程與資料整理"]),
        ("麻省理工學院林肯實驗室", ["相位陣列雷達研發現況", "雷達資料品質管制", "研究人員交流"]),
        ("美國國家海洋暨大氣總署", ["數值天氣預報作業流程", "颱風路徑預報技術", "衛星資料應用"]),
        ("國家大氣研究中心合作會議", ["雙邊合作項目檢討", "人員訓練規劃"]),
        ("心得與建議", ["強化雷達網維運", "推動資料同化技術", "擴大國際合作", "培育雷達氣象人才"]),
        ("參考資料", ["美方簡報資料", "會議紀錄"]),
    ]
    texts = ["本項工作依年度國際合作計畫辦理，由雙方研究人員就技術細節逐項討論並交換書面資料。",
             "美方說明其作業系統之架構與近年之改進，並提供測試資料供我方比較分析。",
             "我方介紹臺灣地區之觀測網與預報作業，雙方同意持續辦理視訊會議追蹤進度。"]
    body: list[tuple] = []
    k = 0
    for i, (chapter, subs) in enumerate(chapters, 1):
        body.append(_h(1, f"{i}. {chapter}"))
        body.append(("p", f"本章說明{chapter}之重點。{texts[i % 3]}"))
        for j, sub in enumerate(subs, 1):
            body.append(_h(2, f"{i}.{j} {sub}"))
            body.append(("p", f"{sub}方面，{texts[k % 3]}"))
            k += 1
            if i == 3 and j == 1:
                for n, item in enumerate(["天線單元設計", "訊號處理架構"], 1):
                    body.append(_h(3, f"{i}.{j}.{n} {item}"))
                    body.append(("p", f"{item}部分，林肯實驗室研究人員展示其原型系統，並說明未來三年之測試時程與經費規劃。"))
        if i == 3:
            body.append(("t", 0))
    tables = [SampleTable("表1：林肯實驗室座談出席人員", ["姓名", "職稱", "單位"],
                          [["Dr. Robert Hayes", "組長", "Air Traffic Control Systems"],
                           ["Dr. Linda Park", "研究員", "Weather Sensing Group"]],
                          [1.6, 1.0, 2.4], "attendees", ["Dr. Robert Hayes", "Dr. Linda Park"])]
    return body, tables


_DEC_BODY, _DEC_TABLES = _decimal_body()

BOSTON = Report(
    name="toc-tab-two-pages",
    layout="two-page-toc",
    category="其他",
    title_lines=["參加美國氣象雷達及數值預報技術合作會議", "暨參訪麻省理工學院林肯實驗室"],
    agency="交通部中央氣象署",
    people=[("陳志豪", "交通部中央氣象署", "氣象資訊中心", "技正", "(02)2349-1234")],
    destination="美國波士頓、華盛頓",
    countries=["美國"], places=["波士頓", "華盛頓"],
    period_text="113年4月14日至113年4月21日", period=("2024-04-14", "2024-04-21"),
    report_date_text="113年6月28日", report_date="2024-06-28",
    abstract=["本次出國參加臺美氣象雷達及數值預報技術合作會議，並參訪林肯實驗室。"],
    body=_DEC_BODY, tables=_DEC_TABLES, toc_heading="目錄", footer="{n}",
)

SEOUL = Report(
    name="tiyao-table-chapters",
    layout="tiyao-table-first",
    category="研究",
    title_lines=["赴韓國研究食品追溯追蹤制度及邊境查驗資訊系統"],
    agency="衛生福利部食品藥物管理署",
    people=[("張美玲", "衛生福利部食品藥物管理署", "北區管理中心", "技正", "(02)2787-7001"),
            ("吳建宏", "衛生福利部食品藥物管理署", "資訊管理組", "科員", "(02)2787-7002")],
    destination="韓國首爾、世宗",
    countries=["韓國"], places=["首爾", "世宗"],
    period_text="111年10月17日至111年10月21日", period=("2022-10-17", "2022-10-21"),
    report_date_text="111年12月30日", report_date="2022-12-30",
    abstract=["本次赴韓國食品醫藥品安全處研究其食品追溯追蹤制度與邊境查驗資訊系統之建置經驗，"
              "並參訪仁川港進口食品檢驗站，瞭解其風險分級查驗與電子申報之整合作法，作為我國精進相關制度之參考。"],
    keywords=["食品追溯", "邊境查驗", "風險管理", "韓國"],
    contact=("許文彬", "(02)2787-8000"),
    pages=18, has_tiyao=True,
    body=[
        _h(1, "第一章 前言"),
        ("p", "近年進口食品數量逐年增加，邊境查驗之效率與風險管理成為食品安全管理之重點。韓國於食品追溯追蹤方面"
              "推動甚早，其資訊系統整合海關與食品主管機關之資料，值得我國參考。"),
        _h(2, "第一節 研究動機"),
        ("p", "我國現行食品追溯追蹤系統以業者自主登錄為主，與邊境查驗資料之勾稽仍有改善空間，故規劃本次研究行程。"),
        _h(2, "第二節 研究方法"),
        ("p", "研究方式包括拜會主管機關、參訪查驗現場及蒐集相關法規文件，並與韓方承辦人員進行座談。"),
        _h(1, "第二章 研究過程"),
        _h(2, "第一節 拜會食品醫藥品安全處"),
        ("p", "10月18日拜會位於世宗市之食品醫藥品安全處，由進口食品政策課說明其進口申報電子化與風險分級制度。"),
        _h(2, "第二節 參訪仁川港進口食品檢驗站"),
        ("p", "10月19日參訪仁川港進口食品檢驗站，現場展示抽樣作業流程與快速檢驗設備，並說明查驗結果即時上傳系統之作法。"),
        _h(1, "第三章 心得與建議"),
        ("p", "韓方以單一窗口整合申報與查驗資料，縮短通關時間並提升風險預警能力。建議我國研議擴充邊境查驗資訊系統之資料介接，"
              "並強化高風險產品之追溯追蹤管理。"),
        ("page",),
        _h(1, "附錄一 座談會出席人員"),
        ("t", 0),
    ],
    tables=[SampleTable("表1：食品醫藥品安全處座談出席人員", ["姓名", "職稱", "單位"],
                        [["朴成浩", "課長", "進口食品政策課"], ["李秀賢", "事務官", "進口食品政策課"],
                         ["金民俊", "研究官", "食品安全情報院"]],
                        [1.2, 1.0, 2.4], "attendees", ["朴成浩", "李秀賢", "金民俊"])],
)

OSAKA = Report(
    name="tiyao-lines-yi",
    layout="tiyao-lines-after-cover",
    category="其他",
    title_lines=["出席日本大阪國際食品展覽會暨拜會關西地區農產品通路業者"],
    agency="農業部農糧署",
    people=[("蔡宗翰", "農業部農糧署", "行銷加工組", "視察", "(049)2341-100")],
    destination="日本大阪、京都",
    countries=["日本"], places=["大阪", "京都"],
    period_text="113年8月19日至113年8月23日", period=("2024-08-19", "2024-08-23"),
    report_date_text="113年10月15日", report_date="2024-10-15",
    abstract=["本署為拓展國產農產品輸日通路，派員出席大阪國際食品展覽會設置臺灣館，並拜會關西地區量販及批發業者，"
              "蒐集日本消費者對熱帶水果與加工品之需求資訊。",
              "展期間臺灣館洽談踴躍，鳳梨與芒果加工品詢問度高。建議持續參加日本食品展，並協助業者取得日本通路之品質驗證。"],
    keywords=["農產品外銷", "食品展", "日本市場"],
    contact=("劉佳穎", "(049)2341-101"),
    pages=9, has_tiyao=True,
    body=[
        _h(1, "一、目的"),
        ("p", "日本為我國農產品主要出口市場之一，本次出國旨在透過國際食品展推廣國產農產品，並瞭解關西地區通路之採購條件。"),
        _h(1, "二、行程"),
        ("p", "8月19日啟程赴大阪，8月20日至22日出席展覽會並拜會業者，8月23日返國。"),
        _h(1, "三、工作紀要"),
        _h(2, "（一）大阪國際食品展臺灣館"),
        ("p", "臺灣館共有十二家業者參展，展出鳳梨酥、芒果乾與冷凍蔬菜等產品，三日共接待買主逾三百人次。"),
        _h(2, "（二）拜會關西地區通路業者"),
        ("p", "拜會大阪中央批發市場之水果批發商，業者表示日本消費者重視產品外觀與穩定供貨，建議我方加強分級包裝。"),
        _h(1, "四、心得與建議"),
        ("p", "關西地區對臺灣熱帶水果接受度高，惟價格競爭激烈。建議結合通路促銷活動，並輔導業者建立出口品質管理制度。"),
        ("page",),
        _h(1, "附件一 拜會業者名單"),
        ("t", 0),
    ],
    tables=[SampleTable("表1：拜會業者出席人員", ["單位", "職稱", "姓名"],
                        [["大阪青果株式會社", "部長", "山本健一"], ["關西食品流通協會", "事務局長", "中村優子"]],
                        [2.4, 1.0, 1.2], "attendees", ["山本健一", "中村優子"])],
)

PERTH = Report(
    name="tiyao-only-cells",
    layout="tiyao-only",
    category="考察",
    title_lines=["赴澳洲考察離岸風電港埠設施及海事工程人才培訓"],
    agency="經濟部能源署",
    people=[("鄭宇辰", "經濟部能源署", "再生能源組", "簡任技正", "(02)2775-7701"),
            ("馮怡君", "經濟部能源署", "再生能源組", "技士", "(02)2775-7702"),
            ("蕭志明", "台灣港務股份有限公司", "臺中港務分公司", "工程師", "(04)2664-2001")],
    destination="澳大利亞伯斯、墨爾本",
    countries=["澳大利亞"], places=["伯斯", "墨爾本"],
    period_text="112年2月13日至112年2月19日", period=("2023-02-13", "2023-02-19"),
    report_date_text="112年4月6日", report_date="2023-04-06",
    abstract=["本次考察澳洲離岸風電港埠之重件碼頭規劃與海事工程人才培訓機制，拜會維多利亞州政府能源部門及"
              "伯斯海事訓練中心，作為我國離岸風電產業在地化之參考。"],
    keywords=["離岸風電", "港埠設施", "人才培訓"],
    contact=("羅淑芬", "(02)2775-7700"),
    pages=12, has_tiyao=True,
    body=[
        _h(1, "壹、目的"),
        ("p", "我國離岸風電區塊開發進入第三階段，港埠重件碼頭與海事工程人力為產業在地化之關鍵。澳洲近年推動離岸風電，"
              "其港埠轉型與訓練體系值得參考。"),
        _h(1, "貳、過程"),
        ("p", "2月14日拜會維多利亞州政府能源部門，2月16日參訪伯斯海事訓練中心之吊掛與海上求生訓練設施。"),
        _h(1, "參、建議"),
        ("p", "建議研議港埠重件碼頭之長期租用機制，並與國際訓練機構合作建立海事工程證照之相互認可。"),
    ],
)

LISBON = Report(
    name="cover-table",
    layout="cover-table",
    category="其他",
    title_lines=["出席2024年歐洲海洋能源研討會暨參訪葡萄牙波浪能測試場"],
    agency="海洋委員會海洋保育署",
    people=[("楊承翰", "海洋委員會海洋保育署", "海洋環境管理組", "技正", "")],
    destination="葡萄牙里斯本、波爾圖",
    countries=["葡萄牙"], places=["里斯本", "波爾圖"],
    period_text="113年5月12日至113年5月18日", period=("2024-05-12", "2024-05-18"),
    report_date_text="113年7月22日", report_date="2024-07-22",
    abstract=["本次出席歐洲海洋能源研討會，發表我國海洋能源潛能評估成果，並參訪葡萄牙波浪能測試場，"
              "瞭解其環境監測與漁業協調機制。"],
    body=[
        _h(1, "壹、目的"),
        ("p", "海洋能源為我國淨零排放路徑之選項之一，本次出國旨在掌握歐洲海洋能源技術進展與環境影響評估作法。"),
        _h(1, "貳、過程"),
        _h(2, "一、歐洲海洋能源研討會"),
        ("p", "研討會為期三日，議題涵蓋波浪能與潮流能發電裝置、併網技術及海洋空間規劃，我方於第二日發表研究成果。"),
        _h(2, "二、波浪能測試場參訪"),
        ("p", "測試場位於波爾圖外海，管理單位說明其海洋哺乳動物監測計畫與當地漁會之協商程序。"),
        _h(1, "參、心得與建議"),
        ("p", "建議參考葡萄牙經驗，於海洋能源示範場址規劃階段即建立漁業溝通平台，並持續蒐集海洋生態基線資料。"),
    ],
)

REPORTS = [VIETNAM, BOSTON, SEOUL, OSAKA, PERTH, LISBON]
