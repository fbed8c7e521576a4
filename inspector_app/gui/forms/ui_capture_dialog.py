# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'capture_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListView, QPlainTextEdit, QRadioButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_CaptureDialog(object):
    def setupUi(self, CaptureDialog):
        if not CaptureDialog.objectName():
            CaptureDialog.setObjectName(u"CaptureDialog")
        CaptureDialog.resize(700, 620)
        self.mainLayout = QVBoxLayout(CaptureDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.textLabel = QLabel(CaptureDialog)
        self.textLabel.setObjectName(u"textLabel")

        self.mainLayout.addWidget(self.textLabel)

        self.textEdit = QPlainTextEdit(CaptureDialog)
        self.textEdit.setObjectName(u"textEdit")
        self.textEdit.setTabChangesFocus(True)

        self.mainLayout.addWidget(self.textEdit)

        self.descriptorLabel = QLabel(CaptureDialog)
        self.descriptorLabel.setObjectName(u"descriptorLabel")

        self.mainLayout.addWidget(self.descriptorLabel)

        self.descriptorSearch = QLineEdit(CaptureDialog)
        self.descriptorSearch.setObjectName(u"descriptorSearch")
        self.descriptorSearch.setClearButtonEnabled(True)

        self.mainLayout.addWidget(self.descriptorSearch)

        self.descriptorList = QListView(CaptureDialog)
        self.descriptorList.setObjectName(u"descriptorList")
        self.descriptorList.setWordWrap(True)
        self.descriptorList.setUniformItemSizes(False)

        self.mainLayout.addWidget(self.descriptorList)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.polarityLabel = QLabel(CaptureDialog)
        self.polarityLabel.setObjectName(u"polarityLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.polarityLabel)

        self.polarityLayout = QHBoxLayout()
        self.polarityLayout.setObjectName(u"polarityLayout")
        self.strengthRadio = QRadioButton(CaptureDialog)
        self.strengthRadio.setObjectName(u"strengthRadio")
        self.strengthRadio.setChecked(True)

        self.polarityLayout.addWidget(self.strengthRadio)

        self.developmentRadio = QRadioButton(CaptureDialog)
        self.developmentRadio.setObjectName(u"developmentRadio")

        self.polarityLayout.addWidget(self.developmentRadio)

        self.polaritySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.polarityLayout.addItem(self.polaritySpacer)


        self.formLayout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.polarityLayout)

        self.sourceLabel = QLabel(CaptureDialog)
        self.sourceLabel.setObjectName(u"sourceLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.sourceLabel)

        self.sourceCombo = QComboBox(CaptureDialog)
        self.sourceCombo.setObjectName(u"sourceCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.sourceCombo)

        self.caseLabel = QLabel(CaptureDialog)
        self.caseLabel.setObjectName(u"caseLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.caseLabel)

        self.caseCombo = QComboBox(CaptureDialog)
        self.caseCombo.setObjectName(u"caseCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.caseCombo)

        self.gradeLabel = QLabel(CaptureDialog)
        self.gradeLabel.setObjectName(u"gradeLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.gradeLabel)

        self.gradeCombo = QComboBox(CaptureDialog)
        self.gradeCombo.setObjectName(u"gradeCombo")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.gradeCombo)

        self.tagsLabel = QLabel(CaptureDialog)
        self.tagsLabel.setObjectName(u"tagsLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.tagsLabel)

        self.tagsEdit = QLineEdit(CaptureDialog)
        self.tagsEdit.setObjectName(u"tagsEdit")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.tagsEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(CaptureDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(CaptureDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.textLabel.setBuddy(self.textEdit)
        self.descriptorLabel.setBuddy(self.descriptorSearch)
        self.sourceLabel.setBuddy(self.sourceCombo)
        self.caseLabel.setBuddy(self.caseCombo)
        self.gradeLabel.setBuddy(self.gradeCombo)
        self.tagsLabel.setBuddy(self.tagsEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.textEdit, self.descriptorSearch)
        QWidget.setTabOrder(self.descriptorSearch, self.descriptorList)
        QWidget.setTabOrder(self.descriptorList, self.strengthRadio)
        QWidget.setTabOrder(self.strengthRadio, self.developmentRadio)
        QWidget.setTabOrder(self.developmentRadio, self.sourceCombo)
        QWidget.setTabOrder(self.sourceCombo, self.caseCombo)
        QWidget.setTabOrder(self.caseCombo, self.gradeCombo)
        QWidget.setTabOrder(self.gradeCombo, self.tagsEdit)

        self.retranslateUi(CaptureDialog)

        QMetaObject.connectSlotsByName(CaptureDialog)
    # setupUi

    def retranslateUi(self, CaptureDialog):
        CaptureDialog.setWindowTitle(QCoreApplication.translate("CaptureDialog", u"Capture evidence", None))
        self.textLabel.setText(QCoreApplication.translate("CaptureDialog", u"&Evidence", None))
#if QT_CONFIG(accessibility)
        self.textEdit.setAccessibleName(QCoreApplication.translate("CaptureDialog", u"Evidence text", None))
#endif // QT_CONFIG(accessibility)
        self.textEdit.setPlaceholderText(QCoreApplication.translate("CaptureDialog", u"What did you see, read or hear? (Ctrl+Enter saves)", None))
        self.descriptorLabel.setText(QCoreApplication.translate("CaptureDialog", u"Judgement area and &descriptor (type to search)", None))
#if QT_CONFIG(accessibility)
        self.descriptorSearch.setAccessibleName(QCoreApplication.translate("CaptureDialog", u"Search judgement areas and descriptors", None))
#endif // QT_CONFIG(accessibility)
        self.descriptorSearch.setPlaceholderText(QCoreApplication.translate("CaptureDialog", u"e.g. strategy, permanence, supervision", None))
#if QT_CONFIG(accessibility)
        self.descriptorList.setAccessibleName(QCoreApplication.translate("CaptureDialog", u"Judgement areas and descriptors", None))
#endif // QT_CONFIG(accessibility)
        self.polarityLabel.setText(QCoreApplication.translate("CaptureDialog", u"It is", None))
        self.strengthRadio.setText(QCoreApplication.translate("CaptureDialog", u"a &strength", None))
        self.developmentRadio.setText(QCoreApplication.translate("CaptureDialog", u"an area for de&velopment", None))
        self.sourceLabel.setText(QCoreApplication.translate("CaptureDialog", u"S&ource", None))
#if QT_CONFIG(accessibility)
        self.sourceCombo.setAccessibleName(QCoreApplication.translate("CaptureDialog", u"Source", None))
#endif // QT_CONFIG(accessibility)
        self.caseLabel.setText(QCoreApplication.translate("CaptureDialog", u"&Case", None))
#if QT_CONFIG(accessibility)
        self.caseCombo.setAccessibleName(QCoreApplication.translate("CaptureDialog", u"Linked case", None))
#endif // QT_CONFIG(accessibility)
        self.gradeLabel.setText(QCoreApplication.translate("CaptureDialog", u"Points to &grade", None))
#if QT_CONFIG(accessibility)
        self.gradeCombo.setAccessibleName(QCoreApplication.translate("CaptureDialog", u"Grade the evidence points to", None))
#endif // QT_CONFIG(accessibility)
        self.tagsLabel.setText(QCoreApplication.translate("CaptureDialog", u"&Tags", None))
#if QT_CONFIG(accessibility)
        self.tagsEdit.setAccessibleName(QCoreApplication.translate("CaptureDialog", u"Tags, separated by commas", None))
#endif // QT_CONFIG(accessibility)
        self.tagsEdit.setPlaceholderText(QCoreApplication.translate("CaptureDialog", u"comma-separated, e.g. drift, supervision", None))
        self.errorLabel.setText("")
    # retranslateUi

