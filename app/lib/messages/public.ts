import type { Message } from "./plural";
// The public pages of a district: its area counted from the units, the sub-district filter and
// each sub-district's own page; and the words for a village name that repeats in a roster file.

export const zh = {
  "home.area": "{unit}：{subdistricts}、{villages}",
  "home.areaSubdistricts": "{count} 个街道（镇）",
  "home.areaVillages": "{count} 个村（社区）",
  "home.areaLink": "{name} · {villages}",
  "home.filterArea": "街道（镇）",
  "home.filterAreaHint": "选择街道（镇）后，村（社区）只列该街道的。",
  "area.title": "{name}普法活动",
  "area.intro":
    "{parent}{name}下辖 {count} 个村（社区）。以下是即将举办的公开普法活动，扫码即可签到。",
  "area.villages": "下辖村（社区）",
  "area.noUpcoming": "暂无即将举办的公开活动。",
  "area.allEvents": "全部公开活动",
  "roster.import.problem.villageAmbiguous":
    "有多个“{name}”：{candidates}。请写明所属街道，如“{example}”",
  "roster.import.problem.villageRetired": "“{name}”已撤销，不能再添加人员",
};

export const en: Record<keyof typeof zh, Message> = {
  "home.area": "{unit}: {subdistricts}, {villages}",
  "home.areaSubdistricts": {
    one: "{count} sub-district or town",
    other: "{count} sub-districts and towns",
  },
  "home.areaVillages": {
    one: "{count} village or community",
    other: "{count} villages and communities",
  },
  "home.areaLink": "{name} · {villages}",
  "home.filterArea": "Sub-district or town",
  "home.filterAreaHint": "Choose a sub-district first and the villages list only its own.",
  "area.title": "{name}: legal-education events",
  "area.intro": {
    one: "{name} ({parent}) has {count} village or community. These public legal-education events are coming up; scan the code at the event to check in.",
    other:
      "{name} ({parent}) has {count} villages and communities. These public legal-education events are coming up; scan the code at the event to check in.",
  },
  "area.villages": "Villages and communities",
  "area.noUpcoming": "No public events coming up.",
  "area.allEvents": "All public events",
  "roster.import.problem.villageAmbiguous":
    "There is more than one “{name}”: {candidates}. Write its sub-district too, as in “{example}”",
  "roster.import.problem.villageRetired": "“{name}” has been retired: no one can be added to it",
};
