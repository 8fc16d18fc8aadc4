package main

// noISO are the two World Bank economies without an ISO 3166 code. The
// Channel Islands have the M49 code 830 and sit in Northern Europe; Kosovo
// has neither an ISO nor an M49 code (the UN lists it under Serbia), and the
// World Bank files it in Europe: Southern Europe, as for its neighbours.
var noISO = map[string]struct {
	numeric, region string
	names           map[string]string
}{
	"CHI": {"830", "154", map[string]string{"en": "Channel Islands", "es": "Islas del Canal", "pt": "Ilhas do Canal", "zh": "海峡群岛", "fr": "Îles Anglo-Normandes"}},
	"XKX": {"", "039", map[string]string{"en": "Kosovo", "es": "Kosovo", "pt": "Kosovo", "zh": "科索沃", "fr": "Kosovo"}},
}

// nameFixes replace CLDR names (en, es, pt, zh, fr; empty keeps CLDR's) that
// are out of date in golang.org/x/text's tables or differ from United
// Nations and World Bank usage.
var nameFixes = map[string][5]string{
	"COD": {"Democratic Republic of the Congo", "República Democrática del Congo", "República Democrática do Congo", "刚果民主共和国", "République démocratique du Congo"},
	"COG": {"Congo", "Congo", "Congo", "刚果", "Congo"},
	"CPV": {"Cabo Verde", "", "", "", "Cabo Verde"},
	"HKG": {"Hong Kong SAR, China", "", "", "", ""},
	"MAC": {"Macao SAR, China", "", "", "", ""},
	"MKD": {"North Macedonia", "Macedonia del Norte", "Macedônia do Norte", "北马其顿", "Macédoine du Nord"},
	"MMR": {"Myanmar", "Myanmar", "Mianmar", "", "Myanmar"},
	"NLD": {"", "", "Países Baixos", "", ""},
	"PSE": {"West Bank and Gaza", "Ribera Occidental y Gaza", "Cisjordânia e Gaza", "约旦河西岸和加沙", "Cisjordanie et Gaza"},
	"SWZ": {"Eswatini", "Esuatini", "Essuatíni", "", "Eswatini"},
	"TLS": {"", "", "", "", "Timor-Leste"},
	"TUR": {"Türkiye", "Türkiye", "", "", "Türkiye"},
}

// aggregateNames are the World Bank's aggregates in es, pt, zh and fr (the
// English name is the World Bank's, from the data files).
var aggregateNames = map[string][4]string{
	"AFE": {"África oriental y meridional", "África Oriental e Austral", "东部和南部非洲", "Afrique orientale et australe"},
	"AFW": {"África occidental y central", "África Ocidental e Central", "西部和中部非洲", "Afrique occidentale et centrale"},
	"ARB": {"El mundo árabe", "Mundo árabe", "阿拉伯世界", "Monde arabe"},
	"CEB": {"Europa Central y del Báltico", "Europa Central e Países Bálticos", "中欧和波罗的海国家", "Europe centrale et pays baltes"},
	"CSS": {"Pequeños Estados del Caribe", "Pequenos Estados do Caribe", "加勒比小国", "Petits États des Caraïbes"},
	"EAP": {"Asia oriental y el Pacífico (excluido altos ingresos)", "Leste Asiático e Pacífico (exceto alta renda)", "东亚与太平洋地区（不包括高收入国家）", "Asie de l’Est et Pacifique (hors revenu élevé)"},
	"EAR": {"Dividendo demográfico temprano", "Dividendo demográfico inicial", "人口红利早期", "Dividende démographique précoce"},
	"EAS": {"Asia oriental y el Pacífico", "Leste Asiático e Pacífico", "东亚与太平洋地区", "Asie de l’Est et Pacifique"},
	"ECA": {"Europa y Asia central (excluido altos ingresos)", "Europa e Ásia Central (exceto alta renda)", "欧洲与中亚地区（不包括高收入国家）", "Europe et Asie centrale (hors revenu élevé)"},
	"ECS": {"Europa y Asia central", "Europa e Ásia Central", "欧洲与中亚地区", "Europe et Asie centrale"},
	"EMU": {"Zona del euro", "Zona do euro", "欧元区", "Zone euro"},
	"EUU": {"Unión Europea", "União Europeia", "欧洲联盟", "Union européenne"},
	"HIC": {"Ingreso alto", "Alta renda", "高收入国家", "Revenu élevé"},
	"HPC": {"Países pobres muy endeudados (PPME)", "Países pobres muito endividados (PPME)", "重债穷国", "Pays pauvres très endettés (PPTE)"},
	"IBD": {"Solo BIRF", "Somente BIRD", "仅国际复兴开发银行", "BIRD seulement"},
	"IBT": {"Total de la AIF y el BIRF", "Total da AID e do BIRD", "国际开发协会和国际复兴开发银行总计", "Total IDA et BIRD"},
	"IDA": {"Total de la AIF", "Total da AID", "国际开发协会总计", "Total IDA"},
	"IDB": {"Combinación de AIF", "AID combinada", "国际开发协会混合", "IDA mixte"},
	"IDX": {"Solo AIF", "Somente AID", "仅国际开发协会", "IDA seulement"},
	"LAC": {"América Latina y el Caribe (excluido altos ingresos)", "América Latina e Caribe (exceto alta renda)", "拉丁美洲与加勒比海地区（不包括高收入国家）", "Amérique latine et Caraïbes (hors revenu élevé)"},
	"LCN": {"América Latina y el Caribe", "América Latina e Caribe", "拉丁美洲与加勒比海地区", "Amérique latine et Caraïbes"},
	"LDC": {"Países menos adelantados: clasificación de las Naciones Unidas", "Países menos desenvolvidos: classificação das Nações Unidas", "最不发达国家：联合国分类", "Pays les moins avancés\u00a0: classement des Nations Unies"},
	"LIC": {"Ingreso bajo", "Baixa renda", "低收入国家", "Faible revenu"},
	"LMC": {"Ingreso mediano bajo", "Renda média baixa", "中等偏下收入国家", "Revenu intermédiaire, tranche inférieure"},
	"LMY": {"Ingreso mediano y bajo", "Renda baixa e média", "中低收入国家", "Revenu faible et intermédiaire"},
	"LTE": {"Dividendo demográfico tardío", "Dividendo demográfico tardio", "人口红利晚期", "Dividende démographique tardif"},
	"MEA": {"Oriente Medio, Norte de África, Afganistán y Pakistán", "Oriente Médio, Norte da África, Afeganistão e Paquistão", "中东、北非、阿富汗和巴基斯坦", "Moyen-Orient, Afrique du Nord, Afghanistan et Pakistan"},
	"MIC": {"Ingreso mediano", "Renda média", "中等收入国家", "Revenu intermédiaire"},
	"MNA": {"Oriente Medio, Norte de África, Afganistán y Pakistán (excluido altos ingresos)", "Oriente Médio, Norte da África, Afeganistão e Paquistão (exceto alta renda)", "中东、北非、阿富汗和巴基斯坦（不包括高收入国家）", "Moyen-Orient, Afrique du Nord, Afghanistan et Pakistan (hors revenu élevé)"},
	"NAC": {"América del Norte", "América do Norte", "北美", "Amérique du Nord"},
	"OED": {"Miembros de la OCDE", "Membros da OCDE", "经合组织成员", "Membres de l’OCDE"},
	"OSS": {"Otros Estados pequeños", "Outros pequenos Estados", "其他小国", "Autres petits États"},
	"PRE": {"Dividendo predemográfico", "Pré-dividendo demográfico", "人口红利前期", "Pré-dividende démographique"},
	"PSS": {"Pequeños Estados insulares del Pacífico", "Pequenos Estados insulares do Pacífico", "太平洋岛屿小国", "Petits États insulaires du Pacifique"},
	"PST": {"Dividendo posdemográfico", "Pós-dividendo demográfico", "人口红利后期", "Post-dividende démographique"},
	"SAS": {"Asia meridional", "Sul da Ásia", "南亚", "Asie du Sud"},
	"SSA": {"África al sur del Sahara (excluido altos ingresos)", "África Subsaariana (exceto alta renda)", "撒哈拉以南非洲地区（不包括高收入国家）", "Afrique subsaharienne (hors revenu élevé)"},
	"SSF": {"África al sur del Sahara", "África Subsaariana", "撒哈拉以南非洲地区", "Afrique subsaharienne"},
	"SST": {"Pequeños Estados", "Pequenos Estados", "小国", "Petits États"},
	"TEA": {"Asia oriental y el Pacífico (BIRF y AIF)", "Leste Asiático e Pacífico (países do BIRD e da AID)", "东亚与太平洋地区（国际复兴开发银行和国际开发协会国家）", "Asie de l’Est et Pacifique (pays BIRD et IDA)"},
	"TEC": {"Europa y Asia central (BIRF y AIF)", "Europa e Ásia Central (países do BIRD e da AID)", "欧洲与中亚地区（国际复兴开发银行和国际开发协会国家）", "Europe et Asie centrale (pays BIRD et IDA)"},
	"TLA": {"América Latina y el Caribe (BIRF y AIF)", "América Latina e Caribe (países do BIRD e da AID)", "拉丁美洲与加勒比海地区（国际复兴开发银行和国际开发协会国家）", "Amérique latine et Caraïbes (pays BIRD et IDA)"},
	"TMN": {"Oriente Medio, Norte de África, Afganistán y Pakistán (BIRF y AIF)", "Oriente Médio, Norte da África, Afeganistão e Paquistão (BIRD e AID)", "中东、北非、阿富汗和巴基斯坦（国际复兴开发银行和国际开发协会）", "Moyen-Orient, Afrique du Nord, Afghanistan et Pakistan (BIRD et IDA)"},
	"TSA": {"Asia meridional (BIRF y AIF)", "Sul da Ásia (BIRD e AID)", "南亚（国际复兴开发银行和国际开发协会）", "Asie du Sud (BIRD et IDA)"},
	"TSS": {"África al sur del Sahara (BIRF y AIF)", "África Subsaariana (países do BIRD e da AID)", "撒哈拉以南非洲地区（国际复兴开发银行和国际开发协会国家）", "Afrique subsaharienne (pays BIRD et IDA)"},
	"UMC": {"Ingreso mediano alto", "Renda média alta", "中等偏上收入国家", "Revenu intermédiaire, tranche supérieure"},
	"WLD": {"Mundo", "Mundo", "世界", "Monde"},
}
